#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "core/params.hpp"

namespace arrayfeed {

/// Everything `arrayfeed run` was asked to do, from the command line and config file.
struct RunOptions {
  std::optional<std::filesystem::path> script;  ///< none: the built-in default job
  std::string entry = "generate";
  std::string kernel = "stats";
  Params params;
  std::optional<std::filesystem::path> output;
  std::optional<std::uint64_t> max_arrays;
  bool convert = false;
  std::optional<std::filesystem::path> metrics;
  bool quiet = false;  ///< no summary on stderr (errors still show)
};

}  // namespace arrayfeed

#pragma once

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "core/run_options.hpp"

namespace arrayfeed {

/// What `run` and `check` read from the command line and config file.
struct RunCommandLine {
  RunOptions options;
  std::vector<std::string> sets;  ///< raw --set KEY=VALUE
  std::string log_level = "info";

  /// Params from the config's [params], then --set on top (the command line wins).
  void merge_params(const Params& from_config);
};

/// Adds the options shared by `run` and `check` to `command`.
void add_run_options(CLI::App& command, RunCommandLine& line);

}  // namespace arrayfeed

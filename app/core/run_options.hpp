#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/data_sets.hpp"
#include "core/params.hpp"

namespace arrayfeed {

/// How a run shows its progress.
enum class ProgressMode {
  off,
  live,  ///< one line redrawn in place (a terminal)
  log,   ///< an info log line every few seconds (a file or pipe)
};

/// The most kernel worker threads a run may have (--threads).
inline constexpr unsigned kMaxWorkerThreads = 256;

/// Everything `arrayfeed run` was asked to do, from the command line and config file.
struct RunOptions {
  std::optional<std::filesystem::path> script;  ///< none: the built-in default job
  std::string entry = "generate";
  std::optional<std::string> kernel;  ///< none: see default_kernel()
  std::vector<std::filesystem::path> plugins;
  std::vector<DataSpec> data;
  Params params;
  std::optional<std::filesystem::path> output;
  std::optional<std::uint64_t> max_arrays;
  bool convert = false;
  unsigned prefetch = 0;  ///< arrays the generator may run ahead of the kernel
  unsigned threads = 1;   ///< kernel worker threads
  std::optional<std::filesystem::path> metrics;
  std::optional<std::filesystem::path> timings;  ///< --timings: one row of times per array
  bool quiet = false;  ///< no summary on stderr (errors still show)
  ProgressMode progress = ProgressMode::off;
};

/// The kernel a run uses without --kernel: the plugin's if exactly one is
/// loaded, else `lsq` for the built-in default job and `stats` for a script.
/// `plugin_kernels` are the names the --plugin libraries registered.
std::string default_kernel(const RunOptions& options, const std::vector<std::string>& plugin_kernels);

/// Throws UsageError if --output, --metrics or --timings is the file of one of `data`'s
/// sets: truncating it would destroy the data while the kernel reads it.
void refuse_writing_over_data(const RunOptions& options, const DataSets& data);

}  // namespace arrayfeed

#pragma once

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli/config_reader.hpp"
#include "core/run_options.hpp"

namespace arrayfeed {

/// What `run` and `check` read from the command line and config file.
struct RunCommandLine {
  RunOptions options;
  std::vector<std::string> sets;  ///< raw --set KEY=VALUE
  std::vector<std::string> data;  ///< raw --data NAME=PATH
  std::string log_level;              ///< --log-level; none: info, or warn with --quiet
  std::string log_format = "plain";  ///< --log-format: plain or time
  std::string color = "auto";        ///< --color: auto, always or never
  bool progress = false;  ///< --progress

  /// Fills options.params (the config's [params], then --set on top: the
  /// command line wins) and options.data.
  void complete(const Params& from_config);
};

/// Adds the options shared by `run` and `check` to `command`.
void add_run_options(CLI::App& command, RunCommandLine& line);
/// Adds --plugin (also wanted by `kernels`).
CLI::Option* add_plugin_option(CLI::App& command, RunOptions& options);
/// The keys a config file may set for `command`: its options without the
/// dashes, each with the kind of value it takes.
std::vector<ConfigKey> config_keys(const CLI::App& command);

}  // namespace arrayfeed

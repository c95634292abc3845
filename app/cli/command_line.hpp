#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "cli/params_config.hpp"
#include "cli/run_command.hpp"

namespace arrayfeed {

/// What `plot` reads from the command line.
struct PlotCommandLine {
  std::filesystem::path timings;           ///< a --timings file
  std::optional<std::filesystem::path> out;  ///< none: the timings file's name with .png
};

/// arrayfeed's command line: subcommands, their options, and --config files.
class CommandLine {
 public:
  CommandLine();

  /// Parses argv and any config file. Throws CLI::ParseError (help and
  /// --version included; print it with exit()), or UsageError for what is
  /// wrong in the config file, with its file:line:column, or for a first
  /// argument that is no command.
  void parse(int argc, const char* const* argv);
  /// Prints what a ParseError says (help, version or the error) and returns
  /// The exit code for a parse error: 0 for help/version, 2 for everything else.
  int exit(const CLI::ParseError& error) const;

  /// "run", "check", "kernels", "plot" or "info".
  std::string command() const;
  /// Options of run/check, with [params] and --set merged.
  const RunCommandLine& run_options() const { return m_line; }
  const PlotCommandLine& plot_options() const { return m_plot; }

 private:
  /// Throws UsageError naming argv[1] when it is not a command (nor an option).
  void refuse_unknown_command(int argc, const char* const* argv) const;

  CLI::App m_app;
  std::shared_ptr<ParamsConfig> m_config;
  RunCommandLine m_line;
  PlotCommandLine m_plot;
};

}  // namespace arrayfeed

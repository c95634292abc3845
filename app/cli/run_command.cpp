#include "cli/run_command.hpp"

namespace arrayfeed {

void RunCommandLine::merge_params(const Params& from_config) {
  Params merged = from_config;
  for (const std::string& set : sets) {
    const auto eq = set.find('=');
    merged[set.substr(0, eq)] = set.substr(eq + 1);
  }
  options.params = std::move(merged);
}

void add_run_options(CLI::App& command, RunCommandLine& line) {
  RunOptions& o = line.options;
  command.add_option("script", o.script,
                     "Python generator script (default: the built-in default job)")
      ->type_name("PATH");
  command.add_option("--entry", o.entry, "generator function in the script")
      ->type_name("NAME")
      ->capture_default_str();
  command.add_option("--kernel", o.kernel, "kernel to run (see 'arrayfeed kernels')")
      ->type_name("NAME")
      ->capture_default_str();
  command.add_option("--set", line.sets, "a parameter for ctx.params and the kernel (repeatable; "
                                         "[params] table in a config file)")
      ->type_name("KEY=VALUE")
      ->check([](const std::string& value) {
        const auto eq = value.find('=');
        return eq == std::string::npos || eq == 0 ? "expected KEY=VALUE, got '" + value + "'" : std::string();
      });
  command.add_option("--output", o.output, "write each result as it is produced (.jsonl)")->type_name("PATH");
  command.add_option("--max-arrays", o.max_arrays, "stop after N arrays")
      ->type_name("N")
      ->check([](const std::string& value) {
        const bool digits = !value.empty() && value.find_first_not_of("0123456789") == std::string::npos;
        return digits ? std::string() : "expected a whole number >= 0, got '" + value + "'";
      });
  command.add_flag("--convert", o.convert,
                   "convert arrays of another dtype or layout with a copy (counted) instead of refusing");
  command.add_option("--log-level", line.log_level, "log level (also for the script's logging and print)")
      ->type_name("LEVEL")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "critical", "off"}))
      ->capture_default_str();
  command.add_option("--metrics", o.metrics, "write the run summary as JSON to this file")->type_name("PATH");
  command.add_flag("--quiet", o.quiet, "print no summary on stderr (errors still show)");
}

}  // namespace arrayfeed

#include "cli/run_command.hpp"

#include <unistd.h>

#include <charconv>
#include <map>
#include <limits>

#include "core/utf8.hpp"

namespace arrayfeed {
namespace {

std::string utf8_problem(const std::string& value) {
  return is_utf8(value) ? std::string() : "not valid UTF-8 text: '" + value + "'";
}

// NAME=PATH and KEY=VALUE: a non-empty name, then '=' (the rest may hold more).
std::string assignment_problem(const std::string& value, const std::string& form) {
  const auto eq = value.find('=');
  if (eq == std::string::npos || eq == 0) return "expected " + form + ", got '" + value + "'";
  return utf8_problem(value.substr(0, eq));
}

// Decimal only, leading zeros included (010 is 10): CLI11 alone would read 010
// as octal and 0x10 as hexadecimal. The text is rewritten in plain decimal
// before CLI11 converts it.
CLI::Validator whole_number(std::uint64_t min, std::uint64_t max) {
  const bool bounded = max != std::numeric_limits<std::uint64_t>::max();
  const std::string range = std::to_string(min) + (bounded ? " to " + std::to_string(max) : " or more");
  return CLI::Validator(
      [=](std::string& value) -> std::string {
        const char* end = value.data() + value.size();
        const bool digits = !value.empty() && value.find_first_not_of("0123456789") == std::string::npos;
        std::uint64_t n = 0;
        if (!digits || std::from_chars(value.data(), end, n).ec != std::errc() || n < min || n > max)
          return "expected a whole number, " + range + ", in decimal, got '" + value + "'";
        value = std::to_string(n);
        return "";
      },
      bounded ? range : "");  // shown in --help beside N
}

// The headings of run's and check's --help.
constexpr const char* kInput = "Input";
constexpr const char* kKernel = "Kernel";
constexpr const char* kOutput = "Output";
constexpr const char* kPerformance = "Performance";
constexpr const char* kLogging = "Logging";

// How a config file spells each option's value (see ValueKind).
ValueKind config_kind(const CLI::Option& option) {
  static const std::map<std::string, ValueKind> kinds{
      {"script", ValueKind::file},        {"plugin", ValueKind::file},     {"data", ValueKind::named_file},
      {"output", ValueKind::new_file},    {"metrics", ValueKind::new_file}, {"timings", ValueKind::new_file},
      {"max-arrays", ValueKind::count},   {"prefetch", ValueKind::count},  {"threads", ValueKind::count},
  };
  if (option.get_expected_min() == 0) return ValueKind::flag;
  const auto it = kinds.find(option.get_single_name());
  return it == kinds.end() ? ValueKind::text : it->second;
}

}  // namespace

std::vector<ConfigKey> config_keys(const CLI::App& command) {
  std::vector<ConfigKey> keys;
  for (const CLI::Option* option : command.get_options())
    if (option != command.get_help_ptr())
      keys.push_back({.name = option->get_single_name(),
                      .kind = config_kind(*option),
                      .repeatable = option->get_items_expected_max() > 1});
  return keys;
}

void RunCommandLine::complete(const Params& from_config) {
  Params merged = from_config;
  for (const std::string& set : sets) {
    const auto eq = set.find('=');
    merged[set.substr(0, eq)] = set.substr(eq + 1);
  }
  options.params = std::move(merged);
  // --quiet is for runs whose stderr should stay empty: the set-up's timings too.
  if (log_level.empty()) log_level = options.quiet ? "warn" : "info";
  options.progress = options.quiet                          ? ProgressMode::off
                     : progress || isatty(STDERR_FILENO) != 0 ? ProgressMode::live
                                                              : ProgressMode::log;
  for (const std::string& spec : data) {
    const auto eq = spec.find('=');
    options.data.push_back({.name = spec.substr(0, eq), .path = spec.substr(eq + 1)});
  }
}

CLI::Option* add_plugin_option(CLI::App& command, RunOptions& options) {
  return command
      .add_option("--plugin", options.plugins,
                  "load a kernel from a shared library built against arrayfeed/plugin.h (repeatable)")
      ->type_name("PATH")
      ->allow_extra_args(false);
}

// Exempt from make lint's 60 lines: a flat, declarative list that grows by an
// entry per option, in --help's order; split into parts, that order would scatter.
// --help shows the groups in the order their first options are added.
// NOLINTNEXTLINE(readability-function-size)
void add_run_options(CLI::App& command, RunCommandLine& line) {
  RunOptions& o = line.options;
  command.add_option("script", o.script, "Python generator script (default: the built-in default job)")
      ->type_name("PATH")
      ->group(kInput);
  command.add_option("--entry", o.entry, "generator function in the script")
      ->check(utf8_problem)
      ->type_name("NAME")
      ->capture_default_str()
      ->group(kInput);
  command.add_option("-k,--kernel", o.kernel,
                     "kernel to run (see arrayfeed kernels); default: the --plugin's kernel, else stats for a "
                     "script and lsq for the default job")
      ->check(utf8_problem)
      ->type_name("NAME")
      ->group(kKernel);
  add_plugin_option(command, o)->group(kKernel);
  command.add_option("-d,--data", line.data, "load a .npy file once, memory-mapped read-only, as data set NAME "
                                          "for ctx.data[NAME] and the kernel (repeatable)")
      ->type_name("NAME=PATH")
      ->allow_extra_args(false)
      ->check([](const std::string& value) { return assignment_problem(value, "NAME=PATH"); })
      ->group(kInput);
  command.add_option("-s,--set", line.sets, "a parameter for ctx.params and the kernel (repeatable; "
                                         "[params] table in a config file)")
      ->type_name("KEY=VALUE")
      ->allow_extra_args(false)  // `--set a=1 gen.py`: gen.py is the script, not a second --set
      ->check([](const std::string& value) {
        const std::string problem = assignment_problem(value, "KEY=VALUE");
        return problem.empty() ? utf8_problem(value) : problem;
      })
      ->group(kInput);
  command.add_option("-o,--output", o.output, "write each result as it is produced: .npy (arrays or numbers of one "
                                             "shape) or .jsonl (anything, arrays as lists); - for JSON lines on "
                                             "stdout (the script's print then goes to stderr)")
      ->type_name("PATH")
      ->group(kOutput);
  command.add_option("--timings", o.timings, "write one row per array to this .npy as the run goes: index, when it "
                                             "was yielded, script, host, kernel and latency seconds; arrayfeed plot "
                                             "draws it")
      ->type_name("PATH.npy")
      ->group(kOutput);
  command.add_option("--max-arrays", o.max_arrays, "stop after N arrays")
      ->type_name("N")
      ->transform(whole_number(0, std::numeric_limits<std::uint64_t>::max()))
      ->group(kPerformance);
  command.add_option("--prefetch", o.prefetch,
                     "let the generator run up to N arrays ahead of the kernel, overlapping Python and C++; "
                     "yield then returns None, and an array stays read-only until the kernel is done with it")
      ->type_name("N")
      ->transform(whole_number(0, 1024))
      ->group(kPerformance);
  command.add_option("--threads", o.threads,
                     "kernel calls on N worker threads, results in order (a kernel that is not thread-safe is "
                     "called one at a time); N > 1 works like --prefetch: yield returns None")
      ->type_name("N")
      ->transform(whole_number(1, kMaxWorkerThreads))
      ->group(kPerformance);
  command.add_flag("--convert", o.convert,
                   "convert arrays of another dtype or layout with a copy (counted) instead of refusing")
      ->group(kKernel);
  command.add_option("--log-level", line.log_level, "log level, also for the script's logging module (default: "
                                                   "info; warn with --quiet):")
      ->type_name("LEVEL")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "critical", "off"}))
      ->group(kLogging);
  command.add_option("--metrics", o.metrics, "write the run summary as JSON to this file")
      ->type_name("PATH")
      ->group(kOutput);
  command.add_option("--log-format", line.log_format, "time starts each log line with the local date and time "
                                                     "to the millisecond (for long runs under a scheduler):")
      ->type_name("FORMAT")
      ->check(CLI::IsMember({"plain", "time"}))
      ->capture_default_str()
      ->group(kLogging);
  command.add_option("--color", line.color, "colour the log's level words; auto: on a terminal, unless NO_COLOR "
                                           "is set:")
      ->type_name("WHEN")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str()
      ->group(kLogging);
  auto* quiet = command.add_flag("-q,--quiet", o.quiet,
                                 "no progress, summary or info lines on stderr (warnings and errors still show)")
                    ->group(kOutput);
  command.add_flag("--progress", line.progress,
                   "draw the live progress line even when stderr is not a terminal (on a terminal it is "
                   "automatic; elsewhere a progress log line comes every 5 s)")
      ->excludes(quiet)
      ->group(kOutput);
}

}  // namespace arrayfeed

#include "cli/command_line.hpp"

#include "cli/help_footer.hpp"
#include "cli/help_formatter.hpp"

#include "core/edit_distance.hpp"
#include "core/errors.hpp"
#include "core/exit_code.hpp"
#include "version.hpp"

namespace arrayfeed {

CommandLine::CommandLine()
    : m_app("arrayfeed: feed NumPy arrays from a Python generator to a native kernel in place", "arrayfeed"),
      m_config(std::make_shared<ParamsConfig>(m_app)) {
  m_app.formatter(std::make_shared<HelpFormatter>());  // before the commands: they take their parent's
  m_app.set_version_flag("--version", std::string("arrayfeed ") + kArrayfeedVersion);
  m_app.require_subcommand(1);
  m_app.config_formatter(m_config);
  m_app.allow_config_extras(CLI::config_extras_mode::error);  // a typo in a config file is an error
  m_app.set_config("--config", "", "TOML file of these options (keys without dashes) and a [params] table; the "
                                   "command line wins")
      ->type_name("FILE")
      ->multi_option_policy(CLI::MultiOptionPolicy::Throw);  // one file: its name is in every message

  CLI::App* run = m_app.add_subcommand("run", "run a generator script through a kernel");
  CLI::App* check = m_app.add_subcommand("check", "import a script and find its entry; run nothing");
  for (CLI::App* command : {run, check}) {
    command->fallthrough();  // lets --config follow the subcommand
    add_run_options(*command, m_line);
  }
  CLI::App* kernels = m_app.add_subcommand("kernels", "list kernels, built-in and --plugin, with their inputs");
  kernels->fallthrough();
  add_plugin_option(*kernels, m_line.options);
  CLI::App* plot = m_app.add_subcommand("plot", "draw a --timings file as a PNG (needs matplotlib)");
  plot->add_option("timings", m_plot.timings, "a file written by arrayfeed run --timings PATH.npy")
      ->type_name("TIMINGS.npy")
      ->required()
      ->check(CLI::ExistingFile);
  plot->add_option("--out", m_plot.out, "the PNG to write: throughput, latency over time and the latency "
                                        "distribution (default: TIMINGS with .png)")
      ->type_name("PATH.png");
  m_app.add_subcommand("info", "arrayfeed, Python and NumPy versions, MPI, sys.path");
  m_app.footer(help_footer(""));
  for (CLI::App* command : m_app.get_subcommands({})) {
    command->group("Commands");
    command->footer(help_footer(command->get_name()));
  }
}

// CLI11 says only "A subcommand is required" for `arrayfeed bogus`: name
// it, and the command it is nearest to.
void CommandLine::refuse_unknown_command(int argc, const char* const* argv) const {
  if (argc < 2 || argv[1][0] == '-') return;
  const std::string given = argv[1];
  std::string names, nearest;
  std::size_t best = 3;  // a suggestion only within two edits
  for (const CLI::App* command : m_app.get_subcommands({})) {
    if (command->get_name() == given) return;
    names += (names.empty() ? "" : ", ") + command->get_name();
    if (const std::size_t distance = edit_distance(given, command->get_name()); distance < best) {
      best = distance;
      nearest = command->get_name();
    }
  }
  const bool script = given.size() > 3 && given.ends_with(".py");
  const std::string hint = script            ? " (to run the script: arrayfeed run " + given + ")"
                           : nearest.empty() ? std::string()
                                             : " (did you mean '" + nearest + "'?)";
  throw UsageError("unknown command '" + given + "'" + hint + ": the commands are " + names +
                   "; arrayfeed --help says more");
}

void CommandLine::parse(int argc, const char* const* argv) {
  refuse_unknown_command(argc, argv);
  try {
    m_app.parse(argc, argv);
  } catch (const CLI::ValidationError& e) {  // a bad value: say where it is when the config file gave it
    const std::string where = m_config->place_of(e);
    if (where.empty()) throw;
    throw UsageError(where + ": " + e.what());
  }
  m_line.complete(m_config->params());
}

int CommandLine::exit(const CLI::ParseError& error) const {
  return m_app.exit(error) == 0 ? ExitSuccess : ExitUsage;
}

std::string CommandLine::command() const { return m_app.get_subcommands().front()->get_name(); }

}  // namespace arrayfeed

#include "cli/cli_main.hpp"

#include <iostream>
#include <new>

#include <spdlog/spdlog.h>

#include "cli/command_line.hpp"
#include "cli/commands.hpp"
#include "cli/live_line_sink.hpp"
#include "cli/log_style.hpp"
#include "cli/standard_streams.hpp"
#include "core/errors.hpp"
#include "core/memory_limit.hpp"
#include "core/early_exit.hpp"
#include "core/launcher.hpp"
#include "core/set_up_step.hpp"
#include "kernels/plugin_kernel.hpp"
#include "mpi/ranks.hpp"
#include "python/python_session.hpp"
#include "job/run_job.hpp"

namespace arrayfeed {
namespace {

// Under a launcher every rank logs to the same terminal: each line says whose it is.
LogStyle log_style(const RunCommandLine& line, const Launch& launch) {
  return {.colour = colour_wanted(line.color),
          .timestamps = line.log_format == "time",
          .rank = launch.size > 1 ? std::optional(launch.rank) : std::nullopt};
}

void set_up_logging(const std::string& level, const LogStyle& style) {
  auto logger = std::make_shared<spdlog::logger>(
      "arrayfeed", std::make_shared<LiveLineSink>(style, LiveLine::on_stderr()));
  spdlog::set_default_logger(logger);
  spdlog::set_level(spdlog::level::from_str(level));
}

void load_plugins(KernelRegistry& registry, const std::vector<std::filesystem::path>& plugins) {
  for (const std::filesystem::path& plugin : plugins) {
    const SetUpStep step("loading plugin '" + plugin.string() + "'");
    const std::vector<std::string> kernels = load_plugin(registry, plugin);
    std::string names;
    for (const std::string& name : kernels) names += (names.empty() ? "" : ", ") + name;
    step.done("loaded plugin '" + plugin.string() + "' (kernels: " + names + ")");
  }
}

// `run` joins the job's ranks into `ranks`: MPI starts before Python.
int dispatch(const CommandLine& command_line, const Launch& launch, std::unique_ptr<JobRanks>& ranks) {
  const std::string command = command_line.command();
  const RunCommandLine& line = command_line.run_options();
  KernelRegistry registry = KernelRegistry::with_builtins();
  load_plugins(registry, line.options.plugins);
  if (command == "kernels") return kernels_command(registry, std::cout);
  if (command == "run") {
    ranks = join_ranks(launch);
    return run_with_python([&] { return run_job(line.options, registry, *ranks, std::cerr); });
  }
  return run_with_python([&] {
    if (command == "check") return check_command(line, registry, std::cout);
    if (command == "plot") return plot_command(command_line.plot_options(), std::cout);
    return info_command(launch, std::cout);
  });
}

// Shown whatever --log-level says: the reason for a non-zero exit is never
// hidden. Of several ranks, it says whose it is, as the log lines do, and
// goes out in one write, so the ranks' messages do not interleave.
void report_error(const std::string& message, const LogStyle& style) {
  LiveLine::on_stderr().write_above(style.line(spdlog::level::err, message, std::chrono::system_clock::now()));
}

}  // namespace

int cli_main(int argc, char** argv) {
  occupy_closed_standard_streams();  // first: before anything opens a file
  CommandLine command_line;
  const Launch launch = launch_from_environment();
  LogStyle style = log_style(command_line.run_options(), launch);  // the defaults, until the command line is read
  // Ends MPI after Python, and after the error is reported: MPI_Finalize
  // waits for every rank, so none exits (and has mpirun end the job) before
  // a failing rank has said why.
  std::unique_ptr<JobRanks> ranks;
  // The one place where the core's errors become a message and an exit code.
  try {
    command_line.parse(argc, argv);  // a config file's errors are UsageErrors
    style = log_style(command_line.run_options(), launch);
    set_up_logging(command_line.run_options().log_level, style);
    return dispatch(command_line, launch, ranks);
  } catch (const CLI::ParseError& e) {
    return command_line.exit(e);
  } catch (const EarlyExit& exit) {
    if (exit.exit_code != 0) spdlog::warn("stopped: {}", exit.text);
    return exit.exit_code;
  } catch (const Error& e) {
    report_error(e.what(), style);
    return e.exit_code();
  } catch (const std::bad_alloc&) {
    report_error("out of memory: " + out_of_memory_fix(), style);
    return ExitBackendFailed;
  } catch (const std::exception& e) {
    report_error(std::string("internal error: ") + e.what(), style);
    return ExitBackendFailed;
  }
}

}  // namespace arrayfeed

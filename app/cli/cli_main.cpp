#include "cli/cli_main.hpp"

#include <iostream>

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "cli/commands.hpp"
#include "cli/params_config.hpp"
#include "cli/run_command.hpp"
#include "core/errors.hpp"
#include "core/stop_request.hpp"
#include "python/interpreter.hpp"
#include "run/run_job.hpp"
#include "version.hpp"

namespace arrayfeed {
namespace {

void set_up_logging(const std::string& level) {
  auto logger = spdlog::stderr_color_mt("arrayfeed");
  logger->set_pattern("%^%l%$: %v");
  spdlog::set_default_logger(logger);
  spdlog::set_level(spdlog::level::from_str(level));
}

int run_command(const RunCommandLine& line, const KernelRegistry& registry) {
  const Interpreter interpreter;
  return run_job(line.options, registry, std::cerr);
}

// The one place where the core's errors become a message and an exit code.
template <typename Command>
int report_errors(Command command) {
  try {
    return command();
  } catch (const StopRequest& stop) {
    if (stop.exit_code != 0) spdlog::warn("stopped: {}", stop.reason);
    return stop.exit_code;
  } catch (const Error& e) {
    spdlog::error("{}", e.what());
    return e.exit_code();
  } catch (const std::exception& e) {
    spdlog::critical("internal error: {}", e.what());
    return ExitBackendFailed;
  }
}

}  // namespace

int cli_main(int argc, char** argv) {
  CLI::App app{"arrayfeed: feed NumPy arrays from a Python generator to a native kernel, in place"};
  app.set_version_flag("--version", std::string("arrayfeed ") + kArrayfeedVersion);
  app.require_subcommand(1);
  auto config = std::make_shared<ParamsConfig>(app);
  app.config_formatter(config);
  app.allow_config_extras(CLI::config_extras_mode::error);  // a typo in a config file is an error
  app.set_config("--config", "", "TOML file with run options and a [params] table (command line wins)");

  RunCommandLine line;
  CLI::App* run = app.add_subcommand("run", "run a generator script through a kernel");
  CLI::App* check = app.add_subcommand("check", "import a script and find its entry; run nothing");
  for (CLI::App* command : {run, check}) {
    command->fallthrough();  // lets --config follow the subcommand
    add_run_options(*command, line);
  }
  CLI::App* kernels = app.add_subcommand("kernels", "list kernels with their input contracts");
  app.add_subcommand("info", "versions (arrayfeed, Python, NumPy), sys.prefix, sys.path");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? ExitSuccess : ExitUsage;
  }
  line.merge_params(config->params());
  set_up_logging(line.log_level);

  const KernelRegistry registry = KernelRegistry::with_builtins();
  return report_errors([&] {
    if (run->parsed()) return run_command(line, registry);
    if (check->parsed()) return check_command(line, registry, std::cout);
    if (kernels->parsed()) return kernels_command(registry, std::cout);
    return info_command(std::cout);  // require_subcommand(1): info is the one left
  });
}

}  // namespace arrayfeed

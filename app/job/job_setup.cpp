#include "job/job_setup.hpp"

#include <algorithm>

#include <spdlog/spdlog.h>

#include "core/errors.hpp"
#include "core/output_file.hpp"
#include "core/set_up_step.hpp"
#include "core/results_writer.hpp"
#include "core/timings_writer.hpp"
#include "job/declared_params.hpp"
#include "python/script_output.hpp"

namespace arrayfeed {
namespace {

Script import_script(const RunOptions& options) {
  // Before the import: a print at the script's top level would go into the stream.
  const auto on_stdout = [](const std::optional<std::filesystem::path>& path) {
    return path && is_standard_output(*path);
  };
  if (on_stdout(options.output) || on_stdout(options.metrics)) send_script_prints_to_stderr();
  const std::string name = options.script ? options.script->string() : "the default job";
  const SetUpStep step("importing " + name);
  Script script = options.script ? Script::from_file(*options.script, options.entry) : Script::default_job(options.entry);
  step.done("imported " + name);
  return script;
}

// For --log-level debug: why this kernel runs.
std::string chosen_kernel(const RunOptions& options, const std::vector<std::string>& plugin_kernels) {
  const std::string name = default_kernel(options, plugin_kernels);
  const char* why = options.kernel              ? "given with --kernel"
                    : !plugin_kernels.empty()   ? "the --plugin's only kernel"
                    : options.script            ? "the default for a script (no --kernel)"
                                                : "the default job's (no script, no --kernel)";
  spdlog::debug("kernel '{}': {}", name, why);
  return name;
}

// The script's own data_sets(params), if it has one, under the --data sets (which win).
std::vector<DataSpec> data_specs(const Script& script, const Params& params, const RunOptions& options) {
  std::vector<DataSpec> specs = options.data;
  for (DataSpec& own : script.data_sets(params)) {
    auto given = [&](const DataSpec& d) { return d.name == own.name; };
    if (std::none_of(specs.begin(), specs.end(), given)) specs.push_back(std::move(own));
  }
  return specs;
}

void check_metrics_path(const RunOptions& options) {
  const auto& path = *options.metrics;
  std::error_code ec;  // a hard link to --output is the same file too
  if (options.output && (std::filesystem::weakly_canonical(path, ec) ==
                             std::filesystem::weakly_canonical(*options.output, ec) ||
                         std::filesystem::equivalent(path, *options.output, ec)))
    throw UsageError("--metrics and --output are the same file '" + path.string() +
                     "'; the summary would overwrite the results");
  check_writable(path, "--metrics");
}

}  // namespace

JobSetup::JobSetup(const RunOptions& options, const KernelRegistry& registry)
    : options(options),
      entry(registry.find(chosen_kernel(options, registry.plugin_kernels()))),
      kernel(entry.make()),
      params(with_declared(options.params, kernel->params(), entry.name)),
      script(import_script(options)),
      data(data_specs(script, params, options)) {
  refuse_writing_over_data(options, data.sets());
  if (options.output) check_results_path(*options.output);
  if (options.metrics) check_metrics_path(options);
  if (options.timings) check_timings_path(*options.timings);
}

}  // namespace arrayfeed

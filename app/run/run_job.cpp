#include "run/run_job.hpp"

#include <algorithm>
#include <chrono>
#include <exception>
#include <memory>
#include <optional>

#include <spdlog/spdlog.h>

#include "core/errors.hpp"
#include "core/output_file.hpp"
#include "core/results_writer.hpp"
#include "core/kernel_calls.hpp"
#include "core/kernel_signals.hpp"
#include "core/stop_request.hpp"
#include "python/data_loader.hpp"
#include "python/interpreter.hpp"
#include "python/script.hpp"
#include "python/script_context.hpp"
#include "run/loop_support.hpp"
#include "run/pipelined_loop.hpp"
#include "run/progress.hpp"
#include "run/run_loop.hpp"

namespace arrayfeed {
namespace {

std::unique_ptr<OutputFile> open_metrics(const RunOptions& options) {
  if (!options.metrics) return {};
  const auto& path = *options.metrics;
  std::error_code ec;  // --output exists by now: a hard link to it is the same file too
  if (options.output && (std::filesystem::weakly_canonical(path, ec) ==
                             std::filesystem::weakly_canonical(*options.output, ec) ||
                         std::filesystem::equivalent(path, *options.output, ec)))
    throw UsageError("--metrics and --output are the same file '" + path.string() +
                     "'; the summary would overwrite the results");
  return std::make_unique<OutputFile>(path, "--metrics", check_signals);
}

void flush_script_output() noexcept {
  try {
    Interpreter::host().attr("flush_output")();
  } catch (const pybind11::error_already_set&) {
    // The script replaced sys.stdout with something that fails; nothing to save.
  }
}

void log_secondary(const std::exception_ptr& error) {
  try {
    std::rethrow_exception(error);
  } catch (const StopRequest& stop) {
    spdlog::warn("while ending after an error: {}", stop.reason);
  } catch (const std::exception& e) {
    spdlog::error("while ending after an error: {}", e.what());
  }
}

// The script's own data_sets(params), if it has one, under the --data sets (which win).
std::vector<DataSpec> with_script_data_sets(const Script& script, const RunOptions& options) {
  std::vector<DataSpec> specs = options.data;
  for (DataSpec& own : script.data_sets(options.params)) {
    auto given = [&](const DataSpec& d) { return d.name == own.name; };
    if (std::none_of(specs.begin(), specs.end(), given)) specs.push_back(std::move(own));
  }
  return specs;
}

}  // namespace

int run_job(const RunOptions& options, const KernelRegistry& registry, std::ostream& report) {
  const KernelRegistry::Entry& entry = registry.find(default_kernel(options, registry.plugin_kernels()));
  std::unique_ptr<Kernel> kernel = entry.make();
  // The script first: an import error neither waits for an expensive init
  // nor truncates the results of an earlier run.
  const Script script = options.script ? Script::from_file(*options.script, options.entry)
                                       : Script::default_job(options.entry);
  const LoadedData data(with_script_data_sets(script, options));
  refuse_writing_over_data(options, data.sets());
  // Opened and locked before anything runs, so a second run is refused
  // before it touches them. --output changes only with the first result, so
  // a run that ends before it leaves an earlier run's results as they were.
  std::unique_ptr<ResultsWriter> writer;
  if (options.output) writer = open_results_writer(*options.output, check_signals);
  const std::unique_ptr<OutputFile> metrics = open_metrics(options);

  std::optional<ArrayImporter> importer;
  std::optional<ScriptIterator> source;
  bool initialised = false;
  RunSummary summary;
  summary.kernel = entry.name;
  Progress progress(options.progress, report);
  const auto started = std::chrono::steady_clock::now();
  const KernelSignals kernel_signals(entry.name, data.sets());

  // Everything after set-up: close the generator, finish the output if the
  // run ended well, finish the kernel (their failure is the run's unless
  // another is already on its way), then summary and metrics.
  auto finish = [&](bool failing, bool ended_well) {
    std::exception_ptr close_error;
    try {
      if (source) source->close();
      if (writer && ended_well) writer->finish();
    } catch (...) {
      close_error = std::current_exception();
    }
    flush_script_output();
    if (initialised) {
      try {
        const KernelCallMark call(KernelPhase::finish);
        summary.kernel_summary = kernel->finish();
      } catch (const std::exception& e) {
        if (!close_error)
          close_error = std::make_exception_ptr(BackendError("kernel '" + entry.name + "' failed to finish: " + e.what()));
      }
    }
    summary.wall_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                          std::chrono::steady_clock::now() - started).count();
    if (importer) {
      summary.copies = importer->copies().copies;
      summary.bytes_copied = importer->copies().bytes;
    }
    progress.finish();
    if (!options.quiet) report << summary.text() << std::flush;
    try {
      if (metrics) metrics->replace_with(summary.json());
    } catch (const BackendError& e) {
      if (failing) spdlog::error("{}", e.what());
      else if (!close_error) close_error = std::current_exception();
    }
    if (close_error && failing) log_secondary(close_error);
    else if (close_error) std::rethrow_exception(close_error);
  };

  try {
    try {
      const KernelCallMark call(KernelPhase::init);
      kernel->init(options.params, data.sets());
    } catch (const std::exception& e) {
      throw BackendError("kernel '" + entry.name + "' failed to initialise: " + e.what());
    }
    initialised = true;
    check_signals();  // a Ctrl-C during a long init ends the run here, before any result
    // After init: a kernel may narrow its contract to the data it loaded.
    const InputContract& contract = kernel->contract();
    importer.emplace(entry.name, contract, options.convert);
    source.emplace(script.start(make_context(options.params, data.views(), entry.name, entry.description,
                                             contract)));
    std::optional<std::uint64_t> total = source->length();
    if (options.max_arrays && (!total || *options.max_arrays < *total)) total = options.max_arrays;
    progress.set_total(total);
    const RunParts parts{*source, *importer, *kernel, writer.get(), progress, options.max_arrays,
                         options.prefetch, options.threads};
    summary.end_reason = options.prefetch > 0 || options.threads > 1 ? run_pipelined(parts, summary)
                                                                     : run_loop(parts, summary);
  } catch (const StopRequest& stop) {
    summary.end_reason = stop.reason;
    finish(true, stop.exit_code == ExitSuccess);  // SystemExit(0) ends the run well
    throw;
  } catch (...) {
    summary.end_reason = "failed (see the error below)";
    finish(true, false);
    throw;
  }
  finish(false, true);
  return ExitSuccess;
}

}  // namespace arrayfeed

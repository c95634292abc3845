#include "run/run_job.hpp"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <exception>
#include <fstream>
#include <optional>

#include <spdlog/spdlog.h>

#include "core/errors.hpp"
#include "core/stop_request.hpp"
#include "python/interpreter.hpp"
#include "python/script.hpp"
#include "python/script_context.hpp"
#include "run/run_loop.hpp"

namespace arrayfeed {
namespace {

std::ofstream open_metrics(const RunOptions& options) {
  if (!options.metrics) return {};
  const auto& path = *options.metrics;
  std::error_code ec;
  if (options.output && std::filesystem::weakly_canonical(path, ec) ==
                            std::filesystem::weakly_canonical(*options.output, ec))
    throw UsageError("--metrics and --output are the same file '" + path.string() +
                     "'; the summary would overwrite the results");
  std::ofstream out(path);
  if (!out) throw UsageError("cannot create --metrics file '" + path.string() + "': " + std::strerror(errno));
  return out;
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

}  // namespace

int run_job(const RunOptions& options, const KernelRegistry& registry, std::ostream& report) {
  const KernelRegistry::Entry& entry = registry.find(options.kernel);
  std::unique_ptr<Kernel> kernel = entry.make();
  // The script first: an import error neither waits for an expensive init
  // nor truncates the results of an earlier run.
  const Script script = options.script ? Script::from_file(*options.script, options.entry)
                                       : Script::default_job(options.entry);
  std::ofstream metrics = open_metrics(options);
  std::unique_ptr<ResultsWriter> writer = options.output ? open_results_writer(*options.output) : nullptr;

  ArrayImporter importer(entry.name, kernel->contract(), options.convert);
  std::optional<ScriptIterator> source;
  RunSummary summary;
  summary.kernel = entry.name;
  const auto started = std::chrono::steady_clock::now();

  // Everything after set-up: close the generator (its failure is the run's
  // unless another is already on its way), then summary and metrics.
  auto finish = [&](bool failing) {
    std::exception_ptr close_error;
    try {
      if (source) source->close();
    } catch (...) {
      close_error = std::current_exception();
    }
    importer.release();
    flush_script_output();
    summary.wall_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                          std::chrono::steady_clock::now() - started).count();
    summary.copies = importer.copies().copies;
    summary.bytes_copied = importer.copies().bytes;
    summary.kernel_summary = kernel->summary();
    if (!options.quiet) report << summary.text() << std::flush;
    if (metrics.is_open() && !(metrics << summary.json() << std::flush)) {
      const std::string message = "writing the --metrics file '" + options.metrics->string() + "' failed";
      if (failing) spdlog::error("{}", message);
      else if (!close_error) close_error = std::make_exception_ptr(BackendError(message));
    }
    if (close_error && failing) log_secondary(close_error);
    else if (close_error) std::rethrow_exception(close_error);
  };

  try {
    try {
      kernel->init(options.params);
    } catch (const std::exception& e) {
      throw BackendError("kernel '" + entry.name + "' failed to initialise: " + e.what());
    }
    source.emplace(script.start(make_context(options.params, entry.name, entry.description,
                                             kernel->contract())));
    summary.end_reason = run_loop({*source, importer, *kernel, writer.get(), options.max_arrays}, summary);
  } catch (const StopRequest& stop) {
    summary.end_reason = stop.reason;
    finish(true);
    throw;
  } catch (...) {
    summary.end_reason = "failed (see the error below)";
    finish(true);
    throw;
  }
  finish(false);
  return ExitSuccess;
}

}  // namespace arrayfeed

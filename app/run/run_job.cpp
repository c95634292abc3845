#include "run/run_job.hpp"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>

#include <spdlog/spdlog.h>

#include "core/errors.hpp"
#include "core/stop_request.hpp"
#include "python/interpreter.hpp"
#include "python/script.hpp"
#include "python/script_context.hpp"
#include "run/run_loop.hpp"

namespace arrayfeed {
namespace {

std::ofstream open_metrics(const std::filesystem::path& path) {
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

}  // namespace

int run_job(const RunOptions& options, const KernelRegistry& registry, std::ostream& report) {
  const KernelRegistry::Entry& entry = registry.find(options.kernel);
  std::unique_ptr<Kernel> kernel = entry.make();
  std::unique_ptr<ResultsWriter> writer = options.output ? open_results_writer(*options.output) : nullptr;
  std::ofstream metrics = options.metrics ? open_metrics(*options.metrics) : std::ofstream();

  // The script first: an import error should not wait for an expensive init.
  const Script script = options.script ? Script::from_file(*options.script, options.entry)
                                       : Script::default_job(options.entry);
  try {
    kernel->init(options.params);
  } catch (const std::exception& e) {
    throw BackendError("kernel '" + entry.name + "' failed to initialise: " + e.what());
  }
  ScriptIterator source =
      script.start(make_context(options.params, entry.name, entry.description, kernel->contract()));
  ArrayImporter importer(entry.name, kernel->contract(), options.convert);

  RunSummary summary;
  summary.kernel = entry.name;
  const auto started = std::chrono::steady_clock::now();
  auto finish = [&] {
    source.close();
    importer.release();
    flush_script_output();
    summary.wall_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                          std::chrono::steady_clock::now() - started).count();
    summary.copies = importer.copies().copies;
    summary.bytes_copied = importer.copies().bytes;
    summary.kernel_summary = kernel->summary();
    if (!options.quiet) report << summary.text() << std::flush;
    if (metrics.is_open()) metrics << summary.json() << std::flush;
  };
  try {
    summary.end_reason = run_loop({source, importer, *kernel, writer.get(), options.max_arrays}, summary);
  } catch (const StopRequest& stop) {
    summary.end_reason = stop.reason;
    finish();
    throw;
  } catch (const Error&) {
    summary.end_reason = "failed (see the error below)";
    finish();
    throw;
  }
  finish();
  return ExitSuccess;
}

}  // namespace arrayfeed

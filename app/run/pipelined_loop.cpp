#include "run/pipelined_loop.hpp"

#include <chrono>
#include <deque>

#include <spdlog/spdlog.h>

#include "core/errors.hpp"
#include "python/in_flight_arrays.hpp"
#include "run/kernel_pipeline.hpp"
#include "run/loop_support.hpp"

namespace py = pybind11;

namespace arrayfeed {
namespace {

using Clock = std::chrono::steady_clock;

/// The main thread's side of the pipeline: feeding it, and writing what comes out.
class PipelinedRun {
 public:
  PipelinedRun(RunParts& parts, RunSummary& summary, KernelPipeline& pipeline, InFlightArrays& held)
      : m_parts(parts), m_summary(summary), m_pipeline(pipeline), m_held(held) {}

  std::string feed() {
    for (;;) {
      if (m_parts.max_arrays && m_yielded >= *m_parts.max_arrays) return "max-arrays reached";
      if (m_stop) return "the kernel asked to stop";
      // Arrays are let go of only when the window is full: the script can
      // then rely on it (rotate prefetch + threads buffers), not on timing.
      if (m_pipeline.in_flight() == m_pipeline.capacity()) {
        wait_oldest();
        continue;  // the result may have asked to stop
      }
      const auto asked = Clock::now();
      const py::object item = m_parts.source.next(py::none());
      const auto received = Clock::now();
      m_summary.script_ns += ns(received - asked);
      if (!item) return "exhausted";
      ++m_yielded;
      ImportedArray input = m_parts.importer.guardable(m_parts.importer.import(item, m_yielded, m_parts.source),
                                                       m_yielded, m_parts.source);
      const ArrayView view = input.view;
      m_held.hold(std::move(input));
      m_pipeline.submit(view);
      m_received.push_back({received, view.nbytes()});
      m_summary.host_ns += ns(Clock::now() - received);
      check_signals();
    }
  }

  /// Waits for and writes every result still in flight.
  void drain() {
    while (m_pipeline.in_flight() > 0) wait_oldest();
  }

  /// drain(), when the run already fails or stops: the first reason stays the run's.
  void drain_after_error() noexcept {
    try {
      drain();
    } catch (const std::exception& e) {
      spdlog::error("while ending: {}", e.what());
    } catch (...) {
      spdlog::error("while ending: the results still in flight could not be written");
    }
  }

 private:
  struct Received {
    Clock::time_point at;
    std::size_t nbytes;
  };

  void wait_oldest() {
    if (!m_pipeline.oldest_done(true)) {
      py::gil_scoped_release without_gil;  // the script's own threads may run meanwhile
      m_pipeline.wait_oldest();
    }
    collect();
  }

  void collect() {
    const auto start = Clock::now();
    KernelPipeline::Done done = m_pipeline.collect();
    m_held.release_oldest();
    const Received received = m_received.front();
    m_received.pop_front();
    if (done.error) rethrow_kernel_error(done.error, m_summary.kernel, done.ticket + 1);
    if (m_parts.writer) m_parts.writer->write(m_summary.arrays, done.result);
    ++m_summary.arrays;
    m_summary.bytes_handed_over += received.nbytes;
    m_summary.kernel_ns += done.kernel_ns;
    const auto end = Clock::now();
    m_summary.host_ns += ns(end - start);
    m_summary.latency.add(static_cast<std::uint64_t>(ns(end - received.at)));
    m_parts.progress.update(m_summary);
    if (m_parts.kernel.stop_requested()) m_stop = true;
  }

  RunParts& m_parts;
  RunSummary& m_summary;
  KernelPipeline& m_pipeline;
  InFlightArrays& m_held;
  std::deque<Received> m_received;
  std::uint64_t m_yielded = 0;
  bool m_stop = false;
};

// NumPy's words for a write into a read-only array, which under prefetch
// means the script wrote into an array still in flight.
ScriptError with_prefetch_hint(const ScriptError& error) {
  const std::string what = error.what();
  if (what.find("is read-only") == std::string::npos) return error;
  return ScriptError(what +
                     "\n  hint: with --prefetch/--threads an array is read-only until the kernel is done "
                     "with it; yield a new array each time, or rotate prefetch + threads buffers");
}

}  // namespace

std::string run_pipelined(RunParts parts, RunSummary& summary) {
  InFlightArrays held;  // declared first: let go of only after the workers are done
  KernelPipeline pipeline(parts.kernel, parts.threads, parts.prefetch + parts.threads);
  if (parts.threads > 1 && !parts.kernel.thread_safe())
    spdlog::warn("kernel '{}' is not thread-safe: the {} threads call it one at a time", summary.kernel,
                 parts.threads);
  PipelinedRun run(parts, summary, pipeline, held);
  try {
    const std::string reason = run.feed();
    run.drain();
    return reason;
  } catch (const BackendError&) {
    throw;  // a kernel failure: the calls after it are cancelled, not written
  } catch (const ScriptError& error) {
    run.drain_after_error();
    throw with_prefetch_hint(error);
  } catch (...) {
    run.drain_after_error();  // an early end keeps what is already computed
    throw;
  }
}

}  // namespace arrayfeed

#include "run/pipelined_loop.hpp"

#include <chrono>
#include <deque>

#include <spdlog/spdlog.h>

#include "core/errors.hpp"
#include "python/in_flight_arrays.hpp"
#include "run/fork_watch.hpp"
#include "run/kernel_pipeline.hpp"
#include "run/loop_support.hpp"

namespace py = pybind11;

namespace arrayfeed {
namespace {

using Clock = std::chrono::steady_clock;

constexpr const char* kKernelStopped = "the kernel asked to stop";

/// The main thread's side of the pipeline: feeding it, and writing what comes out.
class PipelinedRun {
 public:
  PipelinedRun(RunParts& parts, RunSummary& summary, KernelPipeline& pipeline, InFlightArrays& held)
      : m_parts(parts), m_summary(summary), m_pipeline(pipeline), m_held(held) {}

  std::string feed() {
    for (;;) {
      if (m_parts.max_arrays && m_yielded >= *m_parts.max_arrays) return "max-arrays reached";
      if (m_pipeline.stop_requested()) return kKernelStopped;  // what follows would not run
      // Arrays are let go of only when the window is full: the script can
      // then rely on it (rotate prefetch + threads buffers), not on timing.
      if (m_yielded - m_released == m_pipeline.capacity()) {
        let_go_of_oldest();
        continue;
      }
      const auto asked = Clock::now();
      const py::object item = m_fork_watch.next(m_parts.source, py::none());
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
      collect_finished();
      check_signals();
    }
  }

  /// Waits for and writes every result still in flight; returns why the run
  /// ended, given why feeding ended.
  std::string drain(const std::string& reason) {
    while (m_pipeline.in_flight() > 0) wait_oldest();
    if (!m_stopped_at) return reason;
    if (m_dropped > 0)
      spdlog::info("kernel '{}' asked to stop at array #{}: the {} array(s) yielded after it were dropped (not "
                   "processed, or if already running beside it, not written)",
                   m_summary.kernel, m_stopped_at, m_dropped);
    return kKernelStopped;
  }

  /// drain(), when the run already fails or stops: the first reason stays the run's.
  void drain_after_error() noexcept {
    try {
      drain({});
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

  /// Makes the oldest array held writeable again, once its call is done.
  void let_go_of_oldest() {
    if (m_pipeline.in_flight() == m_yielded - m_released) wait_oldest();
    m_held.release_oldest();
    ++m_released;
  }

  /// Writes each result that is ready, in order, without waiting: a result is
  /// on disk as soon as it and all before it are done and the main thread
  /// gets control, not only when the window is full.
  void collect_finished() {
    while (m_pipeline.in_flight() > 0 && m_pipeline.oldest_done(false)) collect();
  }

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
    const Received received = m_received.front();
    m_received.pop_front();
    if (m_stopped_at) {  // after the call that asked to stop: neither run (if it can be helped) nor written
      ++m_dropped;
      return;
    }
    if (done.error) rethrow_kernel_error(done.error, m_summary.kernel, done.ticket + 1);
    if (m_parts.writer) m_parts.writer->write(m_summary.arrays, done.result);
    ++m_summary.arrays;
    m_summary.bytes_handed_over += received.nbytes;
    m_summary.kernel_ns += done.kernel_ns;
    const auto end = Clock::now();
    m_summary.host_ns += ns(end - start);
    m_summary.latency.add(static_cast<std::uint64_t>(ns(end - received.at)));
    m_parts.progress.update(m_summary);
    if (done.after == AfterCall::stop) m_stopped_at = done.ticket + 1;
  }

  RunParts& m_parts;
  RunSummary& m_summary;
  KernelPipeline& m_pipeline;
  InFlightArrays& m_held;
  const ForkWatch m_fork_watch;
  std::deque<Received> m_received;
  std::uint64_t m_yielded = 0;
  std::uint64_t m_released = 0;    ///< arrays let go of (the oldest held is number m_released + 1)
  std::uint64_t m_stopped_at = 0;  ///< the number of the array whose call asked to stop, or 0
  std::uint64_t m_dropped = 0;     ///< arrays after it
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
    return run.drain(run.feed());
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

#include "run/pipelined_loop.hpp"

#include <deque>

#include <spdlog/spdlog.h>

#include "core/errors.hpp"
#include "run/fork_watch.hpp"
#include "run/kernel_pipeline.hpp"

namespace arrayfeed {
namespace {

/// The main thread's side of the pipeline: feeding it, and recording what comes out.
class PipelinedRun {
 public:
  PipelinedRun(const LoopParts& parts, KernelPipeline& pipeline) : m_parts(parts), m_pipeline(pipeline) {}

  EndReason feed() {
    for (;;) {
      if (m_parts.max_arrays && m_yielded >= *m_parts.max_arrays) return ending(EndReason::max_arrays);
      if (m_pipeline.stop_requested()) return ending(EndReason::kernel_stop);  // what follows would not run
      // Arrays are let go of only when the window is full: the script can
      // then rely on it (rotate prefetch + threads buffers), not on timing.
      const unsigned done = m_yielded - m_released == m_pipeline.capacity() ? oldest_done() : 0;
      const RunClock::time_point asked = RunClock::now();
      SourcedArray input;
      const bool taken = m_fork_watch.next(m_parts.source, {.done = done}, input);
      m_released += done;
      if (!taken) return EndReason::exhausted;
      ++m_yielded;
      m_pipeline.submit(input.inputs);
      const std::int64_t script_ns = ns_between(asked, input.handed_over());
      m_arrived.push_back({.at = input.handed_over(), .nbytes = input.inputs.nbytes(), .script_ns = script_ns});
      m_parts.recorder.add_time(script_ns, ns_between(input.handed_over(), RunClock::now()));
      collect_finished();
    }
  }

  /// Waits for and records every result still in flight; returns why the run
  /// ended, given why feeding ended.
  EndReason drain(EndReason reason) {
    while (m_pipeline.in_flight() > 0) wait_oldest();
    if (!m_stopped_at) return reason;
    if (m_dropped > 0)
      spdlog::info("kernel '{}' asked to stop at array #{}: the {} array(s) yielded after it were dropped (not "
                   "processed, or if already running beside it, not written)",
                   m_parts.recorder.kernel(), m_stopped_at, m_dropped);
    return EndReason::kernel_stop;
  }

  /// drain(), when the run already fails or stops: the first reason stays the run's.
  void drain_after_error() noexcept {
    try {
      drain(EndReason::failed);
    } catch (const std::exception& e) {
      spdlog::error("while ending: {}", e.what());
    } catch (...) {
      spdlog::error("while ending: the results still in flight could not be written");
    }
  }

 private:
  struct Arrival {
    RunClock::time_point at;
    std::size_t nbytes;
    std::int64_t script_ns;  ///< making it, in the generator
  };

  // A signal that came meanwhile is the run's end, not a kernel's stop or the limit.
  EndReason ending(EndReason reason) {
    m_parts.source.check_interrupts();
    return reason;
  }

  /// Waits until the kernel is done with the oldest array held; returns 1, the arrays to let go of.
  unsigned oldest_done() {
    if (m_pipeline.in_flight() == m_yielded - m_released) wait_oldest();
    return 1;
  }

  /// Records each result that is ready, in order, without waiting: a result
  /// is on disk as soon as it and all before it are done and the main thread
  /// gets control, not only when the window is full.
  void collect_finished() {
    while (m_pipeline.in_flight() > 0 && m_pipeline.oldest_done(false)) collect();
  }

  void wait_oldest() {
    if (!m_pipeline.oldest_done(true)) m_pipeline.wait_oldest();
    collect();
  }

  void collect() {
    const RunClock::time_point start = RunClock::now();
    KernelPipeline::Done done = m_pipeline.collect();
    const Arrival arrival = m_arrived.front();
    m_arrived.pop_front();
    if (m_stopped_at) {  // after the call that asked to stop: neither run (if it can be helped) nor written
      ++m_dropped;
      return;
    }
    if (done.error) std::rethrow_exception(done.error);
    m_parts.recorder.record(done.result, arrival.nbytes, done.kernel_ns);
    const RunClock::time_point end = RunClock::now();
    m_parts.recorder.add_time(0, ns_between(start, end));
    m_parts.recorder.add_latency(arrival.at, arrival.script_ns, done.kernel_ns, ns_between(arrival.at, end));
    if (done.after == AfterCall::stop) m_stopped_at = done.ticket + 1;
    if (m_parts.notices) listen_for_failures(m_parts, end, m_listened);
  }

  const LoopParts& m_parts;
  KernelPipeline& m_pipeline;
  const ForkWatch m_fork_watch;
  std::deque<Arrival> m_arrived;
  std::uint64_t m_yielded = 0;
  std::uint64_t m_released = 0;    ///< arrays let go of (the oldest held is number m_released + 1)
  std::uint64_t m_stopped_at = 0;  ///< the number of the array whose call asked to stop, or 0
  std::uint64_t m_dropped = 0;     ///< arrays after it
  RunClock::time_point m_listened = RunClock::now();  ///< when another rank's failure was last listened for
};

}  // namespace

EndReason run_pipelined(const LoopParts& parts) {
  parts.source.guard_in_flight();
  KernelPipeline pipeline(parts.kernel, parts.threads, parts.prefetch + parts.threads);
  if (parts.threads > 1 && !parts.kernel.thread_safe())
    spdlog::warn("kernel '{}' is not thread-safe: the {} threads call it one at a time", parts.kernel.name(),
                 parts.threads);
  PipelinedRun run(parts, pipeline);
  try {
    return run.drain(run.feed());
  } catch (const BackendError&) {
    throw;  // a kernel failure: the calls after it are cancelled, not written
  } catch (...) {
    run.drain_after_error();  // an early end keeps what is already computed
    throw;
  }
}

}  // namespace arrayfeed

#include "run/run_loop.hpp"

#include "run/fork_watch.hpp"
#include "run/pipelined_loop.hpp"

namespace arrayfeed {

EndReason run_loop(const LoopParts& parts) {
  const ForkWatch fork_watch;
  KernelResult result;
  SourcedArray input;
  NextRequest request;  // the first asks for nothing to be let go of or sent back
  // Each array's end is the next one's start, and its arrival the kernel's.
  RunClock::time_point asked = RunClock::now();
  // A signal that came during the last call is the run's end, not a kernel's stop or the limit.
  auto ending = [&](EndReason reason) {
    parts.source.check_interrupts();
    return reason;
  };
  for (;;) {
    if (parts.max_arrays && parts.recorder.recorded() >= *parts.max_arrays) return ending(EndReason::max_arrays);
    if (!fork_watch.next(parts.source, request, input)) return EndReason::exhausted;
    result = std::monostate{};
    const CallOutcome call = parts.kernel.call(input.inputs, result, parts.recorder.recorded() + 1, input.made_at);
    parts.recorder.record(result, input.inputs.nbytes(), call.kernel_ns);
    // Recording without --output takes nanoseconds: not worth a clock reading.
    const RunClock::time_point done = parts.recorder.writes() ? RunClock::now() : call.ended;
    const std::int64_t latency_ns = ns_between(input.handed_over(), done);
    parts.recorder.add_time(ns_between(asked, input.handed_over()), latency_ns - call.kernel_ns);
    parts.recorder.add_latency(latency_ns);
    if (call.after == AfterCall::stop) return ending(EndReason::kernel_stop);
    request = {.done = 1, .result = &result};
    asked = done;
  }
}

EndReason run_arrays(const LoopParts& parts) {
  return parts.prefetch > 0 || parts.threads > 1 ? run_pipelined(parts) : run_loop(parts);
}

}  // namespace arrayfeed

#include "run/run_loop.hpp"

#include <exception>

#include <spdlog/spdlog.h>

#include "core/errors.hpp"
#include "core/rank_agreement.hpp"
#include "run/fork_watch.hpp"
#include "run/pipelined_loop.hpp"

namespace arrayfeed {
namespace {

// Lock step: every rank takes its next array (or fails to), then all agree;
// a rank that failed throws its own error, the others RankFailed. Returns
// why the loop ends, or nothing when every rank has its array.
std::optional<EndReason> next_in_step(const LoopParts& parts, const ForkWatch& fork_watch, NextRequest& request,
                                      SourcedArray& input, std::uint64_t taken) {
  RankState mine;
  std::exception_ptr failure;
  try {
    mine.has_array = fork_watch.next(parts.source, request, input);
  } catch (...) {
    failure = std::current_exception();
    mine.has_array = false;
    mine.exit_code = exit_code_of(failure);  // 0 for SystemExit(0): an end like running out
  }
  const Agreement agreed = agree(*parts.lock_step, mine);
  if (failure) std::rethrow_exception(failure);
  if (agreed.failure) throw RankFailed(agreed.failure->rank, agreed.failure->exit_code);
  if (agreed.stop) return EndReason::kernel_stop;
  if (agreed.all_have_array) return std::nullopt;
  if (mine.has_array)
    spdlog::warn("another rank's generator ended after {} arrays: the ranks stop together, so this rank's "
                 "arrays from #{} on are not processed (give every rank as many, e.g. with ctx.shard)",
                 taken, taken + 1);
  return EndReason::exhausted;
}

// A kernel that reduces across ranks and fails leaves the others waiting in
// a reduction this rank will not join: the job ends now, with the error's code.
CallOutcome call_in_step(const LoopParts& parts, const SourcedArray& input, KernelResult& result) {
  try {
    return parts.kernel.call(input.inputs, result, parts.recorder.recorded() + 1, input.made_at);
  } catch (const Error& e) {
    spdlog::error("{}; the other ranks may be waiting for this one inside the kernel, so the job ends now "
                  "(MPI_Abort)", e.what());
    parts.lock_step->abort(e.exit_code());
  }
}

bool next(const LoopParts& parts, const ForkWatch& fork_watch, NextRequest& request, SourcedArray& input,
          std::optional<EndReason>& end) {
  if (!parts.lock_step) {
    if (!fork_watch.next(parts.source, request, input)) end = EndReason::exhausted;
  } else {
    end = next_in_step(parts, fork_watch, request, input, parts.recorder.recorded());
  }
  return !end;
}

}  // namespace

EndReason run_loop(const LoopParts& parts) {
  const ForkWatch fork_watch;
  KernelResult result;
  SourcedArray input;
  NextRequest request;  // the first asks for nothing to be let go of or sent back
  std::optional<EndReason> end;
  // Each array's end is the next one's start, and its arrival the kernel's.
  RunClock::time_point asked = RunClock::now();
  // A signal that came during the last call is the run's end, not a kernel's stop or the limit.
  auto ending = [&](EndReason reason) {
    parts.source.check_interrupts();
    return reason;
  };
  for (;;) {
    if (parts.max_arrays && parts.recorder.recorded() >= *parts.max_arrays) return ending(EndReason::max_arrays);
    if (!next(parts, fork_watch, request, input, end)) return *end;
    result = std::monostate{};
    const CallOutcome call = parts.lock_step ? call_in_step(parts, input, result)
                                             : parts.kernel.call(input.inputs, result, parts.recorder.recorded() + 1,
                                                                 input.made_at);
    parts.recorder.record(result, input.inputs.nbytes(), call.kernel_ns);
    // Recording without --output takes nanoseconds: not worth a clock reading.
    const RunClock::time_point done = parts.recorder.writes() ? RunClock::now() : call.ended;
    const std::int64_t latency_ns = ns_between(input.handed_over(), done);
    parts.recorder.add_time(ns_between(asked, input.handed_over()), latency_ns - call.kernel_ns);
    parts.recorder.add_latency(latency_ns);
    if (call.after == AfterCall::stop) {
      if (parts.lock_step) agree(*parts.lock_step, {.has_array = false, .stopping = true});  // the others' next
      return ending(EndReason::kernel_stop);
    }
    request = {.done = 1, .result = &result};
    asked = done;
  }
}

EndReason run_arrays(const LoopParts& parts) {
  return parts.prefetch > 0 || parts.threads > 1 ? run_pipelined(parts) : run_loop(parts);
}

}  // namespace arrayfeed

#include "run/run_loop.hpp"

#include <exception>

#include <spdlog/spdlog.h>

#include "core/errors.hpp"
#include "core/rank_agreement.hpp"
#include "run/fork_watch.hpp"
#include "run/pipelined_loop.hpp"

namespace arrayfeed {
namespace {

// The call's result and times into the recorder; `asked` becomes this
// array's end, the next one's start.
inline void record(const LoopParts& parts, const SourcedArray& input, const CallOutcome& call,
                   const KernelResult& result, RunClock::time_point& asked) {
  parts.recorder.record(result, input.inputs.nbytes(), call.kernel_ns);
  // Recording without --output takes nanoseconds: not worth a clock reading.
  const RunClock::time_point done = parts.recorder.writes() ? RunClock::now() : call.ended;
  const std::int64_t latency_ns = ns_between(input.handed_over(), done);
  const std::int64_t script_ns = ns_between(asked, input.handed_over());
  parts.recorder.add_time(script_ns, latency_ns - call.kernel_ns);
  parts.recorder.add_latency(input.handed_over(), script_ns, call.kernel_ns, latency_ns);
  asked = done;
  if (!parts.recorder.times_each_array()) return;
  // Writing the --timings row is the host's work, not the next array's script time.
  asked = RunClock::now();
  parts.recorder.add_time(0, ns_between(done, asked));
}

// Inlined into both loops, always: an outlined call costs the plain loop
// about 50 instructions per array (tests/bench/host_instructions.py).
[[gnu::always_inline]] inline CallOutcome call_kernel(const LoopParts& parts, const SourcedArray& input,
                                                      KernelResult& result) {
  result = std::monostate{};
  return parts.kernel.call(input.inputs, result, parts.recorder.recorded() + 1, input.made_at);
}

// A kernel that reduces across ranks and fails leaves the others waiting in
// a reduction this rank will not join: the job ends now, with the error's code.
CallOutcome call_in_step(const LoopParts& parts, const SourcedArray& input, KernelResult& result) {
  try {
    return call_kernel(parts, input, result);
  } catch (const Error& e) {
    spdlog::error("{}; the other ranks may be waiting for this one inside the kernel, so the job ends now "
                  "(MPI_Abort)", e.what());
    parts.lock_step->abort(e.exit_code());
  }
}

/// Where one rank of a lock-step job stands before an agreement, and the
/// error it will throw after it.
struct StepState {
  RankState state;
  std::exception_ptr error;

  void failed(std::exception_ptr e) {
    error = std::move(e);
    state.has_array = false;
    state.exit_code = exit_code_of(error);  // 0 for SystemExit(0): an end like running out
  }
};

// Every way out of the lock-step loop passes one agreement, so the ranks
// leave it together: the limit, a kernel's stop, an error of the last array's
// recording, the generator's end or failure.
std::optional<EndReason> agree_on_next(const LoopParts& parts, StepState& mine, bool at_limit) {
  const Agreement agreed = agree(*parts.lock_step, mine.state);
  if (mine.error) std::rethrow_exception(mine.error);
  if (agreed.failure) throw RankFailed(agreed.failure->rank, agreed.failure->exit_code);
  if (at_limit) return EndReason::max_arrays;
  if (agreed.stop) return EndReason::kernel_stop;
  if (agreed.all_have_array) return std::nullopt;
  if (mine.state.has_array)
    spdlog::warn("another rank's generator ended after {} arrays: the ranks stop together, so this rank's "
                 "arrays from #{} on are not processed (give every rank as many, e.g. with ctx.shard)",
                 parts.recorder.recorded(), parts.recorder.recorded() + 1);
  return EndReason::exhausted;
}

EndReason run_lock_step(const LoopParts& parts) {
  const ForkWatch fork_watch;
  KernelResult result;
  SourcedArray input;
  NextRequest request;
  RunClock::time_point asked = RunClock::now();
  StepState mine;
  for (;;) {
    const bool at_limit = parts.max_arrays && parts.recorder.recorded() >= *parts.max_arrays;
    if (at_limit || mine.state.stopping) {
      mine.state.has_array = false;
    } else if (!mine.error) {
      try {
        mine.state.has_array = fork_watch.next(parts.source, request, input);
      } catch (...) {
        mine.failed(std::current_exception());
      }
    }
    if (const std::optional<EndReason> end = agree_on_next(parts, mine, at_limit)) {
      parts.source.check_interrupts();  // a signal during the last call is the run's end
      return *end;
    }
    try {
      const CallOutcome call = call_in_step(parts, input, result);
      record(parts, input, call, result, asked);
      mine.state.stopping = call.after == AfterCall::stop;
      request = {.done = 1, .result = &result};
    } catch (...) {
      mine.failed(std::current_exception());  // told to the others before it is thrown
    }
  }
}

}  // namespace

// At most once a millisecond: a test of a posted receive costs a trip into
// MPI, too much for every small array.
void listen_for_failures(const LoopParts& parts, RunClock::time_point now, RunClock::time_point& last) {
  if (ns_between(last, now) < 1'000'000) return;
  last = now;
  if (const std::optional<RankFailure> failure = parts.notices->heard())
    throw RankFailed(failure->rank, failure->exit_code);
}

EndReason run_loop(const LoopParts& parts) {
  if (parts.lock_step) return run_lock_step(parts);
  const ForkWatch fork_watch;
  KernelResult result;
  SourcedArray input;
  NextRequest request;  // the first asks for nothing to be let go of or sent back
  RunClock::time_point asked = RunClock::now(), listened = asked;
  // A signal that came during the last call is the run's end, not a kernel's stop or the limit.
  auto ending = [&](EndReason reason) {
    parts.source.check_interrupts();
    return reason;
  };
  for (;;) {
    if (parts.max_arrays && parts.recorder.recorded() >= *parts.max_arrays) return ending(EndReason::max_arrays);
    if (!fork_watch.next(parts.source, request, input)) return EndReason::exhausted;
    const CallOutcome call = call_kernel(parts, input, result);
    record(parts, input, call, result, asked);
    if (parts.notices) listen_for_failures(parts, call.ended, listened);  // the check inline: alone, no call
    if (call.after == AfterCall::stop) return ending(EndReason::kernel_stop);
    request = {.done = 1, .result = &result};
  }
}

EndReason run_arrays(const LoopParts& parts) {
  return parts.prefetch > 0 || parts.threads > 1 ? run_pipelined(parts) : run_loop(parts);
}

}  // namespace arrayfeed

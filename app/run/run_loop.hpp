#pragma once

#include <cstdint>
#include <optional>

#include "core/array_source.hpp"
#include "core/communicator.hpp"
#include "core/end_reason.hpp"
#include "core/run_clock.hpp"
#include "kernels/kernel.hpp"
#include "run/result_recorder.hpp"

namespace arrayfeed {

/// What one run's loop drives; the caller owns it all.
struct LoopParts {
  ArraySource& source;
  Kernel& kernel;  ///< initialised
  ResultRecorder& recorder;
  std::optional<std::uint64_t> max_arrays;
  unsigned prefetch = 0;  ///< arrays the generator may run ahead (pipelined loop only)
  unsigned threads = 1;   ///< kernel worker threads (pipelined loop only)
  /// The host's ranks when a collective kernel runs on several (serial loop
  /// only): they agree before each array, and a kernel failure ends the job.
  Communicator* lock_step = nullptr;
  /// Independent ranks of several: a failure another rank announced ends
  /// this one's loop with RankFailed.
  RankNotices* notices = nullptr;
};

/// Runs the per-array loop until the source is exhausted, --max-arrays is
/// reached or the kernel asks to stop, and returns why it ended. Per array:
/// take the next array from the source (handing back the last result), run
/// the kernel on it, record the result. The recorder's summary is kept
/// current, so it is complete when the loop throws (ScriptError,
/// BackendError, EarlyExit). In lock step the ranks stop together: when any
/// has no next array, its kernel asked to stop, or it failed (then the
/// others throw RankFailed). Independent ranks stop within about a
/// millisecond of arrays of hearing that another failed (RankFailed).
EndReason run_loop(const LoopParts& parts);

/// Throws RankFailed when another rank announced a failure to
/// parts.notices (not null), looking at most once a millisecond; `last` is
/// when it last looked.
void listen_for_failures(const LoopParts& parts, RunClock::time_point now, RunClock::time_point& last);

/// run_loop(), or run_pipelined() under --prefetch or --threads.
EndReason run_arrays(const LoopParts& parts);

}  // namespace arrayfeed

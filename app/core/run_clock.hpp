#pragma once

#include <chrono>
#include <cstdint>

namespace arrayfeed {

/// The clock of a run's accounts: monotonic, the same on every thread.
using RunClock = std::chrono::steady_clock;

/// Nanoseconds from `start` to `end`.
inline std::int64_t ns_between(RunClock::time_point start, RunClock::time_point end) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(end - start).count();
}

}  // namespace arrayfeed

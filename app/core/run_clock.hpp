#pragma once

#include <time.h>

#include <cstdint>

namespace arrayfeed {

/// The clock of a run's accounts (CLOCK_MONOTONIC, the steady clock),
/// read twice per array (its arrival, the kernel's end): inline, without the
/// library call that std::chrono::steady_clock::now() costs on top.
struct RunClock {
  /// A reading in nanoseconds; only differences mean anything.
  struct time_point {
    std::int64_t ns = 0;
  };

  static time_point now() noexcept {
    timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return {std::int64_t{t.tv_sec} * 1'000'000'000 + t.tv_nsec};
  }
};

/// Nanoseconds from `start` to `end`.
inline std::int64_t ns_between(RunClock::time_point start, RunClock::time_point end) { return end.ns - start.ns; }

}  // namespace arrayfeed

#pragma once

#include <cstdint>
#include <ctime>
#include <optional>
#include <string>

#include "core/live_line.hpp"
#include "core/run_options.hpp"
#include "core/run_summary.hpp"

namespace arrayfeed {

/// The progress display: arrays done, arrays/s, MB/s, elapsed, and the ETA
/// when the total is known. Cheap enough to call after every array: it reads
/// a coarse clock and draws a few times a second at most.
class Progress {
 public:
  Progress(ProgressMode mode, LiveLine& terminal);

  /// The loop starts: elapsed time and rates count from here, not from the set-up.
  void start();

  void update(const RunSummary& summary) {
    if (m_mode != ProgressMode::off && coarse_now_ns() >= m_next_ns) draw(summary);
  }
  /// Ends the live line, so the summary starts on a clean one.
  void finish();
  /// Arrays the run will take, once known (--max-arrays or len()): adds the ETA.
  void set_total(std::optional<std::uint64_t> total) { m_total = total; }

 private:
  static std::int64_t coarse_now_ns() {
    timespec t;
    clock_gettime(CLOCK_MONOTONIC_COARSE, &t);
    return std::int64_t{t.tv_sec} * 1'000'000'000 + t.tv_nsec;
  }
  void draw(const RunSummary& summary);

  ProgressMode m_mode;
  std::optional<std::uint64_t> m_total;
  LiveLine& m_terminal;
  std::int64_t m_started_ns = 0;
  std::int64_t m_next_ns = 0;
};

/// h:mm:ss, or m:ss.s under an hour.
std::string clock_text(double seconds);

/// e.g. "1200 of 5000 arrays, 410.2 arrays/s, 1.6 GB/s, elapsed 0:02.9, ETA 0:09"
std::string progress_text(std::uint64_t arrays, std::uint64_t bytes, std::int64_t elapsed_ns,
                          std::optional<std::uint64_t> total);

}  // namespace arrayfeed

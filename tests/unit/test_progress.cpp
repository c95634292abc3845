#include <doctest/doctest.h>

#include <string>

#include "run/progress.hpp"

using namespace arrayfeed;

TEST_CASE("progress text: count, rates, elapsed, and the ETA only when the total is known") {
  CHECK(progress_text(50, 50'000'000, 5'000'000'000, std::nullopt) ==
        "50 arrays, 10.0 arrays/s, 10.0 MB/s, elapsed 0:05.0");
  CHECK(progress_text(1200, 4'800'000'000, 2'000'000'000, 3000) ==
        "1200 of 3000 arrays, 600.0 arrays/s, 2.4 GB/s, elapsed 0:02.0, ETA 0:03.0");
  CHECK(progress_text(10, 1000, 3'725'000'000'000, 20) ==
        "10 of 20 arrays, 0.0 arrays/s, 0.0 KB/s, elapsed 1:02:05, ETA 1:02:05");
  CHECK(progress_text(0, 0, 0, 10) == "0 of 10 arrays, 0.0 arrays/s, 0.0 KB/s, elapsed 0:00.0");
}

TEST_CASE("progress off draws nothing; finish clears only a line it drew") {
  std::string written;
  LiveLine terminal([&](std::string_view text) { written += text; });
  RunSummary summary;
  summary.arrays = 3;
  Progress off(ProgressMode::off, terminal);
  off.update(summary);
  off.finish();
  Progress live(ProgressMode::live, terminal);
  live.set_total(5);
  live.finish();
  CHECK(written.empty());
}

#include <doctest/doctest.h>

#include "core/latency_histogram.hpp"

using arrayfeed::LatencyHistogram;

TEST_CASE("an empty histogram reports zero") {
  CHECK(LatencyHistogram().quantile(0.5) == 0);
}

TEST_CASE("small values are exact") {
  LatencyHistogram h;
  for (std::uint64_t v = 1; v <= 10; ++v) h.add(v);
  CHECK(h.count() == 10);
  CHECK(h.quantile(0.5) == 5);
  CHECK(h.quantile(1.0) == 10);
}

TEST_CASE("quantiles of large values are within the bucket resolution") {
  LatencyHistogram h;
  for (std::uint64_t i = 1; i <= 1000; ++i) h.add(i * 1000);  // 1 us .. 1 ms
  const auto p50 = static_cast<double>(h.quantile(0.5));
  const auto p99 = static_cast<double>(h.quantile(0.99));
  CHECK(p50 >= 500'000.0);
  CHECK(p50 <= 500'000.0 * 1.07);
  CHECK(p99 >= 990'000.0);
  CHECK(p99 <= 990'000.0 * 1.07);
}

TEST_CASE("one slow outlier moves p99 but not p50") {
  LatencyHistogram h;
  for (int i = 0; i < 99; ++i) h.add(1000);
  h.add(5'000'000'000ull);
  CHECK(h.quantile(0.5) < 1100);
  CHECK(h.quantile(0.99) < 1100);
  CHECK(h.quantile(1.0) >= 5'000'000'000ull);
}

TEST_CASE("a quantile is at most 6.25% above the true value, as kRounding says, and max is exact") {
  for (const std::uint64_t worst : {16ull, 1024ull, 1ull << 40}) {  // a bucket's lower edge
    LatencyHistogram h;
    h.add(worst);
    h.add(worst * 4);
    CHECK(h.quantile(0.5) >= worst);
    CHECK(static_cast<double>(h.quantile(0.5)) < static_cast<double>(worst) * 1.0625);
    CHECK(h.max() == worst * 4);
  }
  LatencyHistogram h;
  h.add(5);
  h.add(1'234'567);
  h.raise_max(999);
  CHECK(h.max() == 1'234'567);
  h.raise_max(2'000'000);
  CHECK(h.max() == 2'000'000);
}

TEST_CASE("a quantile is never above the maximum, so the quantiles stay ordered up to it") {
  LatencyHistogram h;
  h.add(548'891);  // its bucket's upper edge is 557'055
  CHECK(h.quantile(0.5) == 548'891);
  CHECK(h.quantile(1.0) == h.max());
}

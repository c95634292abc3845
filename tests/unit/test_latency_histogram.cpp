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

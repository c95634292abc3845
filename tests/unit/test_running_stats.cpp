#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include "kernels/running_stats.hpp"

using namespace arrayfeed;

namespace {

// Straightforward long-double reference, independent of the kernel's passes.
struct Reference {
  long double sum = 0, mean = 0, var = 0, min = INFINITY, max = -INFINITY;
  std::int64_t valid = 0;
  template <typename T>
  explicit Reference(const std::vector<T>& xs) {
    for (T x : xs)
      if (!std::isnan(x)) {
        sum += x;
        ++valid;
        min = std::min<long double>(min, x);
        max = std::max<long double>(max, x);
      }
    mean = sum / valid;
    for (T x : xs)
      if (!std::isnan(x)) var += (x - mean) * (x - mean);
    var /= valid;
  }
};

template <typename T>
std::vector<T> random_values(std::size_t n, double offset, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal(offset, 3.0);
  std::vector<T> xs(n);
  for (auto& x : xs) x = static_cast<T>(normal(rng));
  return xs;
}

}  // namespace

TEST_CASE_TEMPLATE("stats of random values match a long-double reference", T, float, double) {
  const auto xs = random_values<T>(100'000, 1000.0, 7);
  const RunningStats s = RunningStats::of(xs.data(), xs.size());
  const Reference ref(xs);
  CHECK(s.count == 100'000);
  CHECK(s.nan_count == 0);
  CHECK(s.sum == doctest::Approx(static_cast<double>(ref.sum)).epsilon(1e-12));
  CHECK(s.mean() == doctest::Approx(static_cast<double>(ref.mean)).epsilon(1e-12));
  CHECK(s.stddev() == doctest::Approx(std::sqrt(static_cast<double>(ref.var))).epsilon(1e-9));
  CHECK(s.min == static_cast<double>(ref.min));
  CHECK(s.max == static_cast<double>(ref.max));
}

TEST_CASE("NaNs are counted and left out of the other figures") {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const std::vector<double> xs{1.0, nan, 3.0, nan};
  const RunningStats s = RunningStats::of(xs.data(), xs.size());
  CHECK(s.count == 4);
  CHECK(s.nan_count == 2);
  CHECK(s.sum == 4.0);
  CHECK(s.mean() == 2.0);
  CHECK(s.stddev() == 1.0);
  CHECK(s.min == 1.0);
  CHECK(s.max == 3.0);
}

TEST_CASE("an empty or all-NaN set has NaN mean, std, min and max") {
  const RunningStats empty = RunningStats::of(static_cast<const float*>(nullptr), 0);
  CHECK(empty.count == 0);
  for (const NamedValue& v : empty.named())
    if (v.name == "mean" || v.name == "std" || v.name == "min" || v.name == "max")
      CHECK(std::isnan(std::get<double>(v.value)));
}

TEST_CASE("merging per-array stats equals the stats of all values at once") {
  auto a = random_values<double>(1000, 5.0, 1);
  const auto b = random_values<double>(3000, -2.0, 2);
  RunningStats merged = RunningStats::of(a.data(), a.size());
  merged.merge(RunningStats::of(b.data(), b.size()));
  merged.merge(RunningStats::of(b.data(), 0));  // an empty array changes nothing
  a.insert(a.end(), b.begin(), b.end());
  const RunningStats whole = RunningStats::of(a.data(), a.size());
  CHECK(merged.count == whole.count);
  CHECK(merged.sum == doctest::Approx(whole.sum).epsilon(1e-12));
  CHECK(merged.stddev() == doctest::Approx(whole.stddev()).epsilon(1e-12));
  CHECK(merged.min == whole.min);
  CHECK(merged.max == whole.max);
}

TEST_CASE("merging into an empty total takes the other side's range and spread") {
  const std::vector<double> xs{2.0, 4.0};
  RunningStats total;
  total.merge(RunningStats::of(xs.data(), xs.size()));
  CHECK(total.min == 2.0);
  CHECK(total.max == 4.0);
  CHECK(total.stddev() == 1.0);
}

TEST_CASE("named values carry integer counts and float figures") {
  const std::vector<float> xs{1.0f, 2.0f};
  const NamedValues named = RunningStats::of(xs.data(), xs.size()).named();
  REQUIRE(named.size() == 7);
  CHECK(named[0].name == "count");
  CHECK(std::get<std::int64_t>(named[0].value) == 2);
  CHECK(named[6].name == "nan_count");
  CHECK(std::get<double>(named[2].value) == 1.5);
}

TEST_CASE("an infinity makes mean and std follow NumPy: inf or NaN") {
  const double inf = std::numeric_limits<double>::infinity();
  const std::vector<double> one_inf{1.0, inf}, two_inf{inf, inf};
  const RunningStats a = RunningStats::of(one_inf.data(), one_inf.size());
  CHECK(a.mean() == inf);
  CHECK(std::isnan(a.stddev()));
  CHECK(a.max == inf);
  CHECK(std::isnan(RunningStats::of(two_inf.data(), two_inf.size()).stddev()));
}

#include "kernels/running_stats.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace arrayfeed {

template <typename T>
RunningStats RunningStats::of(const T* values, std::size_t n) {
  RunningStats s;
  s.count = static_cast<std::int64_t>(n);
  double lo = std::numeric_limits<double>::infinity();
  double hi = -lo;
  for (std::size_t i = 0; i < n; ++i) {
    const double v = values[i];
    if (std::isnan(v)) {
      ++s.nan_count;
      continue;
    }
    s.sum += v;
    lo = v < lo ? v : lo;
    hi = v > hi ? v : hi;
  }
  // A second pass from the mean keeps the variance accurate when the mean is
  // large compared with the spread (sum of squares would cancel).
  const double mean = s.mean();
  // An infinity among the values makes the spread NaN, as in np.nanstd.
  for (std::size_t i = 0; i < n; ++i) {
    const double v = values[i];
    if (!std::isnan(v)) s.m2 += (v - mean) * (v - mean);
  }
  s.min = lo;
  s.max = hi;
  return s;
}

template RunningStats RunningStats::of<float>(const float*, std::size_t);
template RunningStats RunningStats::of<double>(const double*, std::size_t);

void RunningStats::merge(const RunningStats& other) {
  const double n_a = static_cast<double>(valid());
  const double n_b = static_cast<double>(other.valid());
  if (n_b > 0) {
    if (n_a == 0) {
      min = other.min;
      max = other.max;
      m2 = other.m2;
    } else {
      const double delta = other.mean() - mean();
      m2 += other.m2 + delta * delta * n_a * n_b / (n_a + n_b);
      min = std::min(min, other.min);
      max = std::max(max, other.max);
    }
    sum += other.sum;
  }
  count += other.count;
  nan_count += other.nan_count;
}

double RunningStats::mean() const {
  return valid() ? sum / static_cast<double>(valid()) : std::numeric_limits<double>::quiet_NaN();
}

double RunningStats::stddev() const {
  return valid() ? std::sqrt(m2 / static_cast<double>(valid()))
                 : std::numeric_limits<double>::quiet_NaN();
}

NamedValues RunningStats::named() const {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const bool any = valid() > 0;
  return {{"count", count},
          {"sum", sum},
          {"mean", mean()},
          {"std", stddev()},
          {"min", any ? min : nan},
          {"max", any ? max : nan},
          {"nan_count", nan_count}};
}

}  // namespace arrayfeed

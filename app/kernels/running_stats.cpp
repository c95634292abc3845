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

void RunningStats::merge_across(Communicator& ranks) {
  constexpr double inf = std::numeric_limits<double>::infinity();
  const bool any = valid() > 0;
  const double n_mine = static_cast<double>(valid()), mean_mine = any ? mean() : 0.0;
  std::int64_t counts[2] = {count, nan_count};
  ranks.allreduce(counts, 2, dtypes::int64, ReduceOp::sum);
  count = counts[0];
  nan_count = counts[1];
  ranks.allreduce(&sum, 1, dtypes::float64, ReduceOp::sum);
  double lo = any ? min : inf, hi = any ? max : -inf;
  ranks.allreduce(&lo, 1, dtypes::float64, ReduceOp::min);
  ranks.allreduce(&hi, 1, dtypes::float64, ReduceOp::max);
  // Each set's squared deviations from its own mean, moved to the job's mean.
  const double mean_all = valid() ? sum / static_cast<double>(valid()) : 0.0;
  m2 = any ? m2 + n_mine * (mean_mine - mean_all) * (mean_mine - mean_all) : 0.0;
  ranks.allreduce(&m2, 1, dtypes::float64, ReduceOp::sum);
  min = valid() ? lo : 0.0;
  max = valid() ? hi : 0.0;
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

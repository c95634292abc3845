#include "core/latency_histogram.hpp"

#include <algorithm>
#include <cmath>

namespace arrayfeed {

std::uint64_t LatencyHistogram::upper_edge(int bucket) {
  if (bucket < (1 << kSubBits)) return static_cast<std::uint64_t>(bucket);
  const int shift = (bucket >> kSubBits) - 1;
  const std::uint64_t mantissa = static_cast<std::uint64_t>(bucket & ((1 << kSubBits) - 1));
  return (((1ull << kSubBits) + mantissa + 1) << shift) - 1;
}

std::uint64_t LatencyHistogram::quantile(double q) const {
  if (m_count == 0) return 0;
  const auto rank = static_cast<std::uint64_t>(std::ceil(q * static_cast<double>(m_count)));
  std::uint64_t seen = 0;
  for (int b = 0; b < kBuckets; ++b) {
    seen += m_buckets[static_cast<std::size_t>(b)];
    // Never above the largest value: the quantiles stay ordered up to max.
    if (seen >= rank && seen > 0) return std::min(upper_edge(b), m_max);
  }
  return m_max;
}

}  // namespace arrayfeed

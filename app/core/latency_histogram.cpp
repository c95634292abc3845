#include "core/latency_histogram.hpp"

#include <bit>
#include <cmath>

namespace arrayfeed {

// Values below 2^kSubBits get a bucket each; above, a bucket is the power of
// two (exponent) and the next kSubBits bits below the leading one.
int LatencyHistogram::bucket_of(std::uint64_t ns) {
  if (ns < (1u << kSubBits)) return static_cast<int>(ns);
  const int exponent = std::bit_width(ns) - 1;
  const int shift = exponent - kSubBits;
  const int mantissa = static_cast<int>((ns >> shift) & ((1u << kSubBits) - 1));
  return ((shift + 1) << kSubBits) + mantissa;
}

std::uint64_t LatencyHistogram::upper_edge(int bucket) {
  if (bucket < (1 << kSubBits)) return static_cast<std::uint64_t>(bucket);
  const int shift = (bucket >> kSubBits) - 1;
  const std::uint64_t mantissa = static_cast<std::uint64_t>(bucket & ((1 << kSubBits) - 1));
  return (((1ull << kSubBits) + mantissa + 1) << shift) - 1;
}

void LatencyHistogram::add(std::uint64_t nanoseconds) {
  ++m_buckets[static_cast<std::size_t>(bucket_of(nanoseconds))];
  ++m_count;
}

std::uint64_t LatencyHistogram::quantile(double q) const {
  if (m_count == 0) return 0;
  const auto rank = static_cast<std::uint64_t>(std::ceil(q * static_cast<double>(m_count)));
  std::uint64_t seen = 0;
  for (int b = 0; b < kBuckets; ++b) {
    seen += m_buckets[static_cast<std::size_t>(b)];
    if (seen >= rank && seen > 0) return upper_edge(b);
  }
  return upper_edge(kBuckets - 1);
}

}  // namespace arrayfeed

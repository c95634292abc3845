#pragma once

#include <array>
#include <bit>
#include <cstdint>

namespace arrayfeed {

/// Percentiles of per-array latencies in fixed memory, however long the run:
/// log-spaced buckets with 16 steps per power of two (about 4% resolution).
class LatencyHistogram {
 public:
  void add(std::uint64_t nanoseconds) {
    ++m_buckets[static_cast<std::size_t>(bucket_of(nanoseconds))];
    ++m_count;
  }
  std::uint64_t count() const { return m_count; }
  /// Upper edge of the bucket holding the q-quantile (0 < q <= 1); 0 if empty.
  std::uint64_t quantile(double q) const;
  /// Lets `combine(buckets, n)` replace the counts in place (e.g. with the
  /// sums of every rank's), then recounts.
  template <class Combine>
  void combine(Combine&& combine) {
    combine(m_buckets.data(), m_buckets.size());
    m_count = 0;
    for (const std::uint64_t n : m_buckets) m_count += n;
  }

 private:
  static constexpr int kSubBits = 4;
  static constexpr int kBuckets = (64 - kSubBits + 1) << kSubBits;
  // Values below 2^kSubBits get a bucket each; above, a bucket is the power
  // of two (exponent) and the next kSubBits bits below the leading one.
  static int bucket_of(std::uint64_t ns) {
    if (ns < (1u << kSubBits)) return static_cast<int>(ns);
    const int exponent = std::bit_width(ns) - 1;
    const int shift = exponent - kSubBits;
    const int mantissa = static_cast<int>((ns >> shift) & ((1u << kSubBits) - 1));
    return ((shift + 1) << kSubBits) + mantissa;
  }
  static std::uint64_t upper_edge(int bucket);

  std::array<std::uint64_t, kBuckets> m_buckets{};
  std::uint64_t m_count = 0;
};

}  // namespace arrayfeed

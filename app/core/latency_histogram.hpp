#pragma once

#include <array>
#include <bit>
#include <cstdint>

namespace arrayfeed {

/// Percentiles of per-array latencies in fixed memory, however long the run:
/// log-spaced buckets with 16 steps per power of two (see kRounding), and
/// the exact maximum.
class LatencyHistogram {
 public:
  /// How far a quantile may be from the true value, in words (--metrics says it).
  static constexpr const char* kRounding =
      "each quantile is the upper edge of its histogram bucket (16 per power of two), or the maximum if that "
      "is lower: at most 6.25% above the true value, exact below 16 ns; max is exact";

  void add(std::uint64_t nanoseconds) {
    ++m_buckets[static_cast<std::size_t>(bucket_of(nanoseconds))];
    ++m_count;
    if (nanoseconds > m_max) m_max = nanoseconds;
  }
  std::uint64_t count() const { return m_count; }
  /// Upper edge of the bucket holding the q-quantile (0 < q <= 1), or max()
  /// if that is lower; 0 if empty.
  std::uint64_t quantile(double q) const;
  /// The largest latency added; 0 if empty.
  std::uint64_t max() const { return m_max; }
  /// Raises the maximum to `nanoseconds` if that is larger (another rank's).
  void raise_max(std::uint64_t nanoseconds) {
    if (nanoseconds > m_max) m_max = nanoseconds;
  }
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
  std::uint64_t m_max = 0;
};

}  // namespace arrayfeed

#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace arrayfeed {

/// Values a histogram left out: below lo, above hi, or NaN.
struct OutsideCounts {
  std::int64_t below = 0;
  std::int64_t above = 0;
  std::int64_t nan = 0;
};

/// `bins` equal bins over [lo, hi] that count values exactly as NumPy 1.24's
/// np.histogram(x, bins, range=(lo, hi)) does, edge rounding included: for
/// float32 x the edges and comparisons are float32, as NumPy's value-based
/// casting makes them.
class UniformBins {
 public:
  /// Expects bins > 0 and finite lo < hi (the caller checks). Throws
  /// std::bad_alloc for more bins than memory holds.
  UniformBins(std::int64_t bins, double lo, double hi);

  std::int64_t size() const { return m_bins; }
  /// Adds one to counts[i] for each value in bin i (counts has size() slots);
  /// values outside the range go to `outside`.
  template <typename T>
  void count(std::span<const T> values, std::int64_t* counts, OutsideCounts& outside) const;
  /// Sets bin_of[k] (values.size() slots) to the bin of values[k], or to -1
  /// for a value outside the range (which goes to `outside`).
  template <typename T>
  void locate(std::span<const T> values, std::int64_t* bin_of, OutsideCounts& outside) const;

 private:
  template <typename T, typename Tally>
  void each_bin(std::span<const T> values, OutsideCounts& outside, Tally tally) const;

  std::int64_t m_bins;
  double m_lo;
  double m_hi;
  double m_norm;  ///< bins / (hi - lo): maps a value's distance from lo to its bin
  std::vector<double> m_edges;
  std::vector<float> m_edges32;  ///< m_edges rounded to float32 for float32 values; empty if lo or hi do not fit
};

}  // namespace arrayfeed

#include "kernels/uniform_bins.hpp"

#include <algorithm>
#include <cmath>
#include <type_traits>

// Mirrors numpy/lib/histograms.py (1.24), histogram(): the uniform-bins path.
// Each operation is rounded where NumPy rounds it (CMake builds this file
// with -ffp-contract=off so that no multiply-add is fused).

namespace arrayfeed {
namespace {

// NumPy 1.24's value-based casting (np.min_scalar_type): a Python float that
// meets a float32 array is taken as float32 unless that would overflow.
bool fits_float32(double v) { return !std::isfinite(v) || std::fabs(v) < 3.4e38; }

// np.linspace(lo, hi, bins + 1), which computes in float64.
std::vector<double> linspace(double lo, double hi, std::int64_t bins) {
  const double delta = hi - lo;
  const double div = static_cast<double>(bins);
  const double step = delta / div;
  std::vector<double> edges(static_cast<std::size_t>(bins) + 1);
  for (std::size_t i = 0; i < edges.size(); ++i) {
    double y = static_cast<double>(i);
    if (step == 0) {  // a subnormal range: NumPy divides first (its gh-5437)
      y /= div;
      y *= delta;
    } else {
      y *= step;
    }
    edges[i] = y + lo;
  }
  edges.back() = hi;
  return edges;
}

// NumPy's loop, one value at a time: keep values in [keep_lo, keep_hi],
// estimate the bin as (x - lo) * norm in types Edge and Scale, then correct
// the estimate, which can be one off near an edge, against the edges.
// tally(position, bin) is called for each kept value.
template <typename T, typename Edge, typename Scale, typename Tally>
void bin_as(std::span<const T> values, double keep_lo, double keep_hi, double lo, double norm, const Edge* edges,
            std::int64_t bins, OutsideCounts& outside, Tally tally) {
  const Edge first = static_cast<Edge>(lo);
  const Scale scale = static_cast<Scale>(norm);
  for (std::size_t position = 0; position < values.size(); ++position) {
    const T x = values[position];
    if (!(x >= keep_lo)) {
      ++(std::isnan(x) ? outside.nan : outside.below);
      continue;
    }
    if (!(x <= keep_hi)) {
      ++outside.above;
      continue;
    }
    const Edge a = x;
    const double f = static_cast<Scale>(static_cast<Edge>(a - first)) * scale;
    // astype(intp) truncates; an estimate of exactly `bins` (x == hi) is the
    // last bin. Estimates NumPy itself would fail on (an index out of range,
    // possible only for ranges near the float limits) are clamped instead.
    std::int64_t i = f > -1 && f < static_cast<double>(bins) ? static_cast<std::int64_t>(f) : f > 0 ? bins - 1 : 0;
    if (a < edges[i]) --i;
    if (i != bins - 1 && a >= edges[i + 1]) ++i;
    tally(position, std::clamp<std::int64_t>(i, 0, bins - 1));
  }
}

}  // namespace

UniformBins::UniformBins(std::int64_t bins, double lo, double hi)
    : m_bins(bins), m_lo(lo), m_hi(hi), m_norm(static_cast<double>(bins) / (hi - lo)),
      m_edges(linspace(lo, hi, bins)) {
  if (fits_float32(lo) && fits_float32(hi)) m_edges32.assign(m_edges.begin(), m_edges.end());
}

template <typename T, typename Tally>
void UniformBins::each_bin(std::span<const T> values, OutsideCounts& outside, Tally tally) const {
  if constexpr (std::is_same_v<T, double>) {
    bin_as<double, double, double>(values, m_lo, m_hi, m_lo, m_norm, m_edges.data(), m_bins, outside, tally);
  } else {
    // NumPy's types for float32 values: lo, hi and norm each float32 where
    // they fit; the edges (and x - lo) float32 only if both lo and hi do.
    const bool lo32 = fits_float32(m_lo), hi32 = fits_float32(m_hi);
    const double keep_lo = lo32 ? static_cast<float>(m_lo) : m_lo;
    const double keep_hi = hi32 ? static_cast<float>(m_hi) : m_hi;
    if (!lo32 || !hi32)
      bin_as<float, double, double>(values, keep_lo, keep_hi, m_lo, m_norm, m_edges.data(), m_bins, outside, tally);
    else if (!fits_float32(m_norm))
      bin_as<float, float, double>(values, keep_lo, keep_hi, m_lo, m_norm, m_edges32.data(), m_bins, outside, tally);
    else
      bin_as<float, float, float>(values, keep_lo, keep_hi, m_lo, m_norm, m_edges32.data(), m_bins, outside, tally);
  }
}

template <typename T>
void UniformBins::count(std::span<const T> values, std::int64_t* counts, OutsideCounts& outside) const {
  each_bin(values, outside, [counts](std::size_t, std::int64_t bin) { ++counts[bin]; });
}

template <typename T>
void UniformBins::locate(std::span<const T> values, std::int64_t* bin_of, OutsideCounts& outside) const {
  std::fill(bin_of, bin_of + values.size(), -1);
  each_bin(values, outside, [bin_of](std::size_t position, std::int64_t bin) { bin_of[position] = bin; });
}

template void UniformBins::count<float>(std::span<const float>, std::int64_t*, OutsideCounts&) const;
template void UniformBins::count<double>(std::span<const double>, std::int64_t*, OutsideCounts&) const;
template void UniformBins::locate<float>(std::span<const float>, std::int64_t*, OutsideCounts&) const;
template void UniformBins::locate<double>(std::span<const double>, std::int64_t*, OutsideCounts&) const;

}  // namespace arrayfeed

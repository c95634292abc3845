#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "kernels/uniform_bins.hpp"

namespace arrayfeed {

/// Per-bin sums of a histogram's weights, added exactly as NumPy 1.24's
/// np.histogram(x, bins, range, weights=w) adds float64 weights: blocks of
/// 65,536 values, each block summed in float64 in array order (np.bincount),
/// then each block's sums added to the array's. Float32 weights are summed
/// the same way, in float64: NumPy rounds each block's sums to float32.
class WeightSums {
 public:
  /// Throws std::bad_alloc for more bins than memory holds.
  explicit WeightSums(std::int64_t bins);
  /// Adds the weight of each value `bins` keeps to sums[bin], and one to
  /// counts[bin]; weights has the values' size. Values outside go to `outside`.
  template <typename T, typename W>
  void add(const UniformBins& bins, std::span<const T> values, std::span<const W> weights, std::int64_t* counts,
           double* sums, OutsideCounts& outside);

 private:
  std::vector<std::int64_t> m_bin_of;  ///< each value's bin in the block, -1 if outside
  std::vector<double> m_block;         ///< the block's sums; zero between blocks
};

}  // namespace arrayfeed

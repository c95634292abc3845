#pragma once

#include <cstddef>
#include <cstdint>

#include "core/communicator.hpp"
#include "core/kernel_result.hpp"

namespace arrayfeed {

/// Count, sum, mean, spread and range of a set of numbers, NaNs counted
/// apart and left out of the rest (as NumPy's nansum, nanmean, nanstd...).
/// Accumulates in float64; two sets merge exactly (Chan et al.).
struct RunningStats {
  std::int64_t count = 0;      ///< all values, NaN included
  std::int64_t nan_count = 0;
  double sum = 0;
  double m2 = 0;               ///< sum of squared deviations from the mean
  double min = 0;
  double max = 0;

  template <typename T>
  static RunningStats of(const T* values, std::size_t n);

  void merge(const RunningStats& other);
  /// Merges every rank's set into this one, on every rank (each calls it at
  /// the same point): as merge() one by one, up to rounding.
  void merge_across(Communicator& ranks);
  std::int64_t valid() const { return count - nan_count; }
  double mean() const;
  double stddev() const;  ///< population (ddof=0), as np.std
  NamedValues named() const;
};

}  // namespace arrayfeed

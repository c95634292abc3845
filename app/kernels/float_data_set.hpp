#pragma once

#include <string>

#include "core/data_sets.hpp"

namespace arrayfeed {

/// The named data set, checked to be an `ndim`-d float32 or float64 array a
/// kernel can read in place (native byte order, C-contiguous, aligned).
/// Throws BackendError saying what is wrong and the np.save call that fixes it.
const DataSet& require_float_data_set(const DataSets& data, const std::string& name, int ndim,
                                      const std::string& kernel);

}  // namespace arrayfeed

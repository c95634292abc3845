#pragma once

#include <vector>

#include <pybind11/pybind11.h>

#include "core/data_sets.hpp"

namespace arrayfeed {

/// The run's --data sets, memory-mapped read-only by NumPy's own .npy reader:
/// kernels read the very memory that ctx.data shows the script. Keeps the
/// mappings alive while it lives (needs the GIL to be destroyed).
class LoadedData {
 public:
  /// Throws BackendError naming the set and file: missing, truncated or
  /// corrupt file, unsupported dtype, or a name given twice.
  explicit LoadedData(const std::vector<DataSpec>& specs);

  const DataSets& sets() const { return m_sets; }
  /// name -> read-only ndarray, for ctx.data.
  const pybind11::dict& views() const { return m_views; }

 private:
  pybind11::dict m_views;
  DataSets m_sets;
};

}  // namespace arrayfeed

#pragma once

#include <memory>
#include <vector>

#include "core/data_sets.hpp"

namespace arrayfeed {

/// The run's --data sets, memory-mapped read-only by NumPy's own .npy reader:
/// kernels read the very memory that ctx.data shows the script. Keeps the
/// mappings alive while it lives (needs the GIL to be made and destroyed).
class LoadedData {
 public:
  /// Throws BackendError naming the set and file: missing, truncated or
  /// corrupt file, unsupported dtype, or a name given twice.
  explicit LoadedData(const std::vector<DataSpec>& specs);
  ~LoadedData();
  LoadedData(const LoadedData&) = delete;
  LoadedData& operator=(const LoadedData&) = delete;

  const DataSets& sets() const { return m_sets; }
  struct Views;  ///< name -> read-only ndarray, for ctx.data (python/data_views.hpp)
  const Views& views() const { return *m_views; }

 private:
  std::unique_ptr<Views> m_views;
  DataSets m_sets;
};

}  // namespace arrayfeed

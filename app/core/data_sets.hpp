#pragma once

#include <cstddef>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "core/array_view.hpp"

namespace arrayfeed {

/// A --data NAME=PATH request, as given.
struct DataSpec {
  std::string name;
  std::filesystem::path path;
};

/// One loaded data set: read-only memory that stays valid for the whole run.
struct DataSet {
  std::filesystem::path path;
  const void* data = nullptr;
  DType dtype;
  std::vector<std::ptrdiff_t> shape;
  std::vector<std::ptrdiff_t> strides;

  ArrayView view() const { return {.data = data, .dtype = dtype, .shape = shape, .strides = strides}; }
};

/// The run's data sets by name, as kernels see them.
class DataSets {
 public:
  /// Throws BackendError if the name is taken.
  void add(const std::string& name, DataSet set);
  /// The named set; throws BackendError saying how to load it (the caller
  /// names the kernel that needs it).
  const DataSet& require(const std::string& name) const;
  const std::map<std::string, DataSet>& all() const { return m_sets; }

 private:
  std::map<std::string, DataSet> m_sets;
};

}  // namespace arrayfeed

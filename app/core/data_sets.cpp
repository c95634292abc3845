#include "core/data_sets.hpp"

#include "core/errors.hpp"

namespace arrayfeed {

void DataSets::add(const std::string& name, DataSet set) {
  if (const auto it = m_sets.find(name); it != m_sets.end())
    throw BackendError("data set '" + name + "' is given twice ('" + it->second.path.string() + "' and '" +
                       set.path.string() + "'); give each --data a different NAME");
  m_sets.emplace(name, std::move(set));
}

const DataSet& DataSets::require(const std::string& name) const {
  if (const auto it = m_sets.find(name); it != m_sets.end()) return it->second;
  std::string loaded;
  for (const auto& [n, set] : m_sets) loaded += (loaded.empty() ? "" : ", ") + n;
  throw BackendError("it needs a data set named '" + name + "': add --data " + name +
                     "=PATH.npy (loaded: " + (loaded.empty() ? "none" : loaded) + ")");
}

}  // namespace arrayfeed

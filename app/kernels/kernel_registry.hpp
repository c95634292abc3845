#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "kernels/kernel.hpp"

namespace arrayfeed {

/// Names the kernels a run can use and makes them on demand.
class KernelRegistry {
 public:
  using Factory = std::function<std::unique_ptr<Kernel>()>;

  struct Entry {
    std::string name;
    std::string description;
    Factory make;
    std::string origin;  ///< empty for a built-in, else the plugin's path
  };

  /// A registry holding the built-in kernels.
  static KernelRegistry with_builtins();

  /// Throws UsageError if the name is taken.
  void add(std::string name, std::string description, Factory make, std::string origin = {});
  bool contains(const std::string& name) const;
  /// Throws UsageError naming the known kernels if `name` is not one.
  const Entry& find(const std::string& name) const;
  const std::vector<Entry>& entries() const { return m_entries; }
  /// Names of the kernels that came from plugins, in loading order.
  std::vector<std::string> plugin_kernels() const;

 private:
  std::vector<Entry> m_entries;
};

}  // namespace arrayfeed

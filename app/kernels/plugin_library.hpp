#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "kernels/plugin_descriptor.hpp"

namespace arrayfeed {

/// A plugin's shared library, opened with dlopen; its ABI 2 entry (or ABI 1
/// descriptor) checked, major version first, before anything else is read.
/// Closed when the last kernel made from it is gone.
class PluginLibrary {
 public:
  /// Throws BackendError: missing file, dlopen or dlsym failure (with
  /// dlerror's text), an unknown ABI version, or an invalid descriptor.
  static std::shared_ptr<const PluginLibrary> open(const std::filesystem::path& path);
  ~PluginLibrary();
  PluginLibrary(const PluginLibrary&) = delete;
  PluginLibrary& operator=(const PluginLibrary&) = delete;

  const std::filesystem::path& path() const { return m_path; }
  /// Its kernels in the order it lists them (one for ABI 1).
  const std::vector<PluginKernelSpec>& kernels() const { return m_kernels; }

 private:
  PluginLibrary(std::filesystem::path path, void* handle);
  void read_descriptor();
  void read_v1(const std::string& where);

  std::filesystem::path m_path;
  void* m_handle;
  std::vector<PluginKernelSpec> m_kernels;
};

}  // namespace arrayfeed

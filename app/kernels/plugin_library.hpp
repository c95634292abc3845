#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "arrayfeed/plugin.h"
#include "core/input_contract.hpp"

namespace arrayfeed {

/// A plugin's shared library, opened with dlopen; its descriptor checked
/// (ABI version first) before anything else is read. Closed when the last
/// kernel made from it is gone.
class PluginLibrary {
 public:
  /// Throws BackendError: missing file, dlopen or dlsym failure (with
  /// dlerror's text), ABI version mismatch, or an invalid descriptor.
  static std::shared_ptr<const PluginLibrary> open(const std::filesystem::path& path);
  ~PluginLibrary();
  PluginLibrary(const PluginLibrary&) = delete;
  PluginLibrary& operator=(const PluginLibrary&) = delete;

  const af_plugin& api() const { return *m_api; }
  const std::filesystem::path& path() const { return m_path; }
  const std::string& name() const { return m_name; }
  const std::string& description() const { return m_description; }
  const InputContract& contract() const { return m_contract; }

 private:
  PluginLibrary(std::filesystem::path path, void* handle);
  void read_descriptor();

  std::filesystem::path m_path;
  void* m_handle;
  const af_plugin* m_api = nullptr;
  std::string m_name;
  std::string m_description;
  InputContract m_contract;
};

}  // namespace arrayfeed

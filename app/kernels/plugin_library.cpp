#include "kernels/plugin_library.hpp"

#include <dlfcn.h>

#include "core/errors.hpp"

namespace arrayfeed {
namespace {

std::string dl_error() {
  const char* text = dlerror();
  return text ? text : "no reason given";
}

}  // namespace

PluginLibrary::PluginLibrary(std::filesystem::path path, void* handle) : m_path(std::move(path)), m_handle(handle) {}

PluginLibrary::~PluginLibrary() { dlclose(m_handle); }

std::shared_ptr<const PluginLibrary> PluginLibrary::open(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    throw BackendError("plugin '" + path.string() + "' not found (or not a file); give the path of a shared " +
                       "library built against arrayfeed/arrayfeed.h, e.g. --plugin ./libmine.so");
  // An absolute path, so dlopen never searches the library path for a same-named file.
  void* handle = dlopen(std::filesystem::absolute(path).c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle) throw BackendError("plugin '" + path.string() + "' cannot be loaded: " + dl_error());
  std::shared_ptr<PluginLibrary> library(new PluginLibrary(path, handle));
  library->read_descriptor();
  return library;
}

void PluginLibrary::read_descriptor() {
  const std::string where = "plugin '" + m_path.string() + "'";
  const auto* entry = static_cast<const afeed_entry*>(dlsym(m_handle, "arrayfeed_entry"));
  if (!entry) return read_v1(where);
  if (entry->abi_major != AFEED_ABI_MAJOR) {
    const std::string built = std::to_string(entry->abi_major) + "." + std::to_string(entry->abi_minor);
    const std::string ours = std::to_string(AFEED_ABI_MAJOR) + "." + std::to_string(AFEED_ABI_MINOR);
    if (entry->abi_major > AFEED_ABI_MAJOR)
      throw BackendError(where + " was built for plugin ABI " + built + ", newer than this arrayfeed's " + ours +
                         ": upgrade arrayfeed to load it (or rebuild the plugin against this arrayfeed's "
                         "arrayfeed/arrayfeed.h)");
    throw BackendError(where + " exports 'arrayfeed_entry' with abi_major " + std::to_string(entry->abi_major) +
                       "; fill it with AFEED_ENTRY(kernels, n) from arrayfeed/arrayfeed.h");
  }
  m_kernels = read_v2_kernels(*entry, where);
}

void PluginLibrary::read_v1(const std::string& where) {
  dlerror();
  const auto* api = static_cast<const af_plugin*>(dlsym(m_handle, "arrayfeed_plugin"));
  if (!api)
    throw BackendError(where + " does not export 'arrayfeed_plugin' (" + dl_error() +
                       ") nor 'arrayfeed_entry'; define `const afeed_entry arrayfeed_entry = "
                       "AFEED_ENTRY(kernels, n);` (arrayfeed/arrayfeed.h) in it");
  if (api->abi_version != AF_ABI_VERSION)
    throw BackendError(where + " was built for plugin ABI version " + std::to_string(api->abi_version) +
                       "; this arrayfeed speaks version " + std::to_string(AF_ABI_VERSION) +
                       ": rebuild it against this arrayfeed's arrayfeed/plugin.h");
  m_kernels = {read_v1_kernel(*api, where)};
}

}  // namespace arrayfeed

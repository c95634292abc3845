#include "kernels/plugin_library.hpp"

#include <dlfcn.h>

#include "core/errors.hpp"
#include "core/utf8.hpp"
#include "kernels/plugin_dtypes.hpp"

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
                       "library built against arrayfeed/plugin.h, e.g. --plugin ./libmine.so");
  // An absolute path, so dlopen never searches the library path for a same-named file.
  void* handle = dlopen(std::filesystem::absolute(path).c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle) throw BackendError("plugin '" + path.string() + "' cannot be loaded: " + dl_error());
  std::shared_ptr<PluginLibrary> library(new PluginLibrary(path, handle));
  library->read_descriptor();
  return library;
}

void PluginLibrary::read_descriptor() {
  const std::string where = "plugin '" + m_path.string() + "'";
  dlerror();
  m_api = static_cast<const af_plugin*>(dlsym(m_handle, "arrayfeed_plugin"));
  if (!m_api)
    throw BackendError(where + " does not export 'arrayfeed_plugin' (" + dl_error() +
                       "); define `const af_plugin arrayfeed_plugin = {.abi_version = AF_ABI_VERSION, ...};` in it");
  if (m_api->abi_version != AF_ABI_VERSION)
    throw BackendError(where + " was built for plugin ABI version " + std::to_string(m_api->abi_version) +
                       "; this arrayfeed speaks version " + std::to_string(AF_ABI_VERSION) +
                       ": rebuild it against this arrayfeed's arrayfeed/plugin.h");
  auto invalid = [&](const std::string& what) { return BackendError(where + ": invalid descriptor: " + what); };
  if (!m_api->name || !*m_api->name) throw invalid("no name");
  // Both reach Python as str (ctx.kernel), so they must be UTF-8.
  if (!is_utf8(m_api->name)) throw invalid("the name is not UTF-8 text");
  m_name = m_api->name;
  if (m_name.find_first_of(" \t\n=") != std::string::npos) throw invalid("name '" + m_name + "' has spaces or '='");
  m_description = m_api->description ? m_api->description : "";
  if (!is_utf8(m_description)) throw invalid("the description is not UTF-8 text");
  if (!m_api->process) throw invalid("no process function");
  if (m_api->n_dtypes > 0 && !m_api->dtypes) throw invalid("n_dtypes is set but dtypes is NULL");
  for (std::size_t i = 0; i < m_api->n_dtypes; ++i) {
    const auto dtype = dtype_of_plugin_code(m_api->dtypes[i]);
    if (!dtype) throw invalid("unknown dtype code " + std::to_string(m_api->dtypes[i]) + " in dtypes");
    m_contract.dtypes.push_back(*dtype);
  }
  if (m_api->min_ndim < 0 || m_api->min_ndim > m_api->max_ndim || m_api->max_ndim > 32)
    throw invalid("ndim range " + std::to_string(m_api->min_ndim) + ".." + std::to_string(m_api->max_ndim) +
                  " (want 0 <= min_ndim <= max_ndim <= 32)");
  if (m_api->last_dim < 0) throw invalid("negative last_dim");
  m_contract.min_ndim = m_api->min_ndim;
  m_contract.max_ndim = m_api->max_ndim;
  m_contract.last_dim = m_api->last_dim;
  m_contract.strided_ok = m_api->strided_ok != 0;
}

}  // namespace arrayfeed

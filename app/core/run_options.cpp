#include "core/run_options.hpp"

#include "core/errors.hpp"

namespace arrayfeed {

std::string default_kernel(const RunOptions& options, const std::vector<std::string>& plugin_kernels) {
  if (options.kernel) return *options.kernel;
  if (plugin_kernels.size() == 1) return plugin_kernels.front();
  if (plugin_kernels.size() > 1) {
    std::string names;
    for (const std::string& name : plugin_kernels) names += (names.empty() ? "" : ", ") + name;
    throw UsageError("several plugins are loaded (" + names + "): choose one with --kernel NAME");
  }
  return options.script ? "stats" : "lsq";
}

}  // namespace arrayfeed

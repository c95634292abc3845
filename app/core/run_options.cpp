#include "core/run_options.hpp"

#include <utility>

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

void refuse_writing_over_data(const RunOptions& options, const DataSets& data) {
  for (const auto& [flag, path] : {std::pair{"--output", options.output}, std::pair{"--metrics", options.metrics},
                                   std::pair{"--timings", options.timings}}) {
    if (!path) continue;
    for (const auto& [name, set] : data.all()) {
      std::error_code ec;  // a path that does not exist yet is no data set's file
      if (std::filesystem::equivalent(*path, set.path, ec))
        throw UsageError(std::string(flag) + " '" + path->string() + "' is the file of data set '" + name +
                         "' ('" + set.path.string() + "'): writing it would destroy the data the kernel "
                         "reads; choose another path");
    }
  }
}

}  // namespace arrayfeed

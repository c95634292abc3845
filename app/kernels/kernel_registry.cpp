#include "kernels/kernel_registry.hpp"

#include <algorithm>

#include "core/errors.hpp"
#include "kernels/histogram_kernel.hpp"
#include "kernels/lsq_kernel.hpp"
#include "kernels/matvec_kernel.hpp"
#include "kernels/nop_kernel.hpp"
#include "kernels/stats_kernel.hpp"

namespace arrayfeed {

KernelRegistry KernelRegistry::with_builtins() {
  KernelRegistry registry;
  registry.add("nop", "reads nothing, returns nothing: measures the host's own overhead",
               [] { return std::make_unique<NopKernel>(); });
  registry.add("stats", "count, sum, mean, std, min, max, nan_count of each array (float64 accumulation)",
               [] { return std::make_unique<StatsKernel>(); });
  registry.add("matvec", "A x for each vector (or each row) x, with --data A=PATH.npy (k x d)",
               [] { return std::make_unique<MatvecKernel>(); });
  registry.add("lsq", "least-squares loss and gradient of weights w, with --data X=PATH.npy --data y=PATH.npy",
               [] { return std::make_unique<LsqKernel>(); });
  registry.add("histogram", "counts (or sums of weights) in equal bins over [lo, hi], as np.histogram "
               "(--set lo=0 --set hi=1; bins: 10)",
               [] { return std::make_unique<HistogramKernel>(); });
  return registry;
}

void KernelRegistry::add(std::string name, std::string description, Factory make, std::string origin) {
  if (contains(name)) throw UsageError("kernel '" + name + "' is registered twice");
  Factory named = [make = std::move(make), name] {
    std::unique_ptr<Kernel> kernel = make();
    kernel->set_name(name);
    return kernel;
  };
  m_entries.push_back({.name = std::move(name),
                       .description = std::move(description),
                       .make = std::move(named),
                       .origin = std::move(origin)});
}

bool KernelRegistry::contains(const std::string& name) const {
  return std::any_of(m_entries.begin(), m_entries.end(), [&](const Entry& e) { return e.name == name; });
}

std::vector<std::string> KernelRegistry::plugin_kernels() const {
  std::vector<std::string> names;
  for (const Entry& e : m_entries)
    if (!e.origin.empty()) names.push_back(e.name);
  return names;
}

const KernelRegistry::Entry& KernelRegistry::find(const std::string& name) const {
  for (const Entry& e : m_entries)
    if (e.name == name) return e;
  std::string known;
  for (const Entry& e : m_entries) known += (known.empty() ? "" : ", ") + e.name;
  throw UsageError("unknown kernel '" + name + "'; known kernels: " + known +
                   " (see 'arrayfeed kernels')");
}

}  // namespace arrayfeed

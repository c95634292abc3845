#pragma once

#include <memory>

#include "core/run_options.hpp"
#include "kernels/kernel_registry.hpp"
#include "python/data_loader.hpp"
#include "python/script.hpp"

namespace arrayfeed {

/// What `run` and `check` set up alike, in this order: the kernel (made,
/// not initialised), its parameters (with_declared: defaults in, types
/// checked), the script (imported before anything expensive, so an
/// import error waits for no init), the data sets (--data, then those the
/// script names itself), and the checks of --output and --metrics against
/// them. Opens no output file. Needs the GIL.
struct JobSetup {
  /// Throws UsageError, ScriptError or BackendError for what it finds wrong.
  JobSetup(const RunOptions& options, const KernelRegistry& registry);

  const RunOptions& options;
  const KernelRegistry::Entry& entry;
  std::unique_ptr<Kernel> kernel;
  /// --set and [params] plus the kernel's declared defaults: what the kernel,
  /// data_sets() and ctx.params get.
  Params params;
  Script script;
  LoadedData data;
};

}  // namespace arrayfeed

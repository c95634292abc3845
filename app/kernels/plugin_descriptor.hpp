#pragma once

#include <string>
#include <vector>

#include "arrayfeed/arrayfeed.h"
#include "arrayfeed/plugin.h"
#include "core/kernel_inputs.hpp"
#include "core/param_info.hpp"

namespace arrayfeed {

/// One kernel a plugin library offers, read from an ABI 1 descriptor or an
/// ABI 2 entry into one description: what the host registers and calls.
/// Its pointers reach into the library, which outlives it.
struct PluginKernelSpec {
  std::string name;
  std::string description;
  /// As declared, each read through its struct_size (ABI 1's lone input adapted).
  std::vector<afeed_input> declared{};
  KernelInputs inputs{};
  ParamInfos params{};
  bool declares_params = false;
  bool thread_safe = false;
  bool collective = false;  ///< AFEED_KERNEL_COLLECTIVE: reduces across ranks (ABI 2.1)
  const af_plugin* v1 = nullptr;  ///< the ABI 1 descriptor; null for ABI 2
  afeed_kernel v2{};              ///< the ABI 2 kernel read through its struct_size; zero for ABI 1
};

/// The kernel of an ABI 1 descriptor. Throws BackendError "`where`: invalid descriptor: ...".
PluginKernelSpec read_v1_kernel(const af_plugin& plugin, const std::string& where);

/// The kernels of an ABI 2 entry whose abi_major is 2. Throws BackendError
/// naming `where`, the kernel and the field.
std::vector<PluginKernelSpec> read_v2_kernels(const afeed_entry& entry, const std::string& where);

}  // namespace arrayfeed

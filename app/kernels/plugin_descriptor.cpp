#include "kernels/plugin_descriptor.hpp"

#include <algorithm>

#include "core/errors.hpp"
#include "core/utf8.hpp"
#include "kernels/plugin_inputs.hpp"
#include "kernels/plugin_structs.hpp"

namespace arrayfeed {
namespace {

/// The fields both ABIs share, in ABI 2's terms: what describe() checks.
struct DeclaredKernel {
  const char* name = nullptr;
  const char* description = nullptr;
  bool has_process = false;
  std::vector<afeed_input> inputs{};
  std::vector<afeed_param_info> params{};
};

ParamInfo translate_param(const afeed_param_info& param) {
  if (param.struct_size < sizeof(afeed_param_info))
    throw BackendError("struct_size " + std::to_string(param.struct_size) + " is smaller than ABI 2.0's " +
                       std::to_string(sizeof(afeed_param_info)));
  if (!param.name || !*param.name || !is_utf8(param.name)) throw BackendError("no name, or not UTF-8 text");
  static constexpr ParamType kTypes[] = {ParamType::text, ParamType::whole, ParamType::number, ParamType::boolean};
  if (param.type < 0 || param.type > AFEED_PARAM_BOOL)
    throw BackendError("unknown type " + std::to_string(param.type));
  ParamInfo out{.name = param.name, .type = kTypes[param.type], .help = param.help ? param.help : ""};
  if (param.default_value) out.default_value = param.default_value;
  if (!is_utf8(out.help) || !is_utf8(out.default_value.value_or(""))) throw BackendError("text not UTF-8");
  return out;
}

ParamInfos translate_params(const std::vector<afeed_param_info>& params) {
  ParamInfos out;
  for (std::size_t i = 0; i < params.size(); ++i) try {
      out.push_back(translate_param(params[i]));
      if (std::any_of(out.begin(), out.end() - 1, [&](const ParamInfo& p) { return p.name == out.back().name; }))
        throw BackendError("declared twice");
    } catch (const BackendError& e) {
      throw BackendError("params[" + std::to_string(i) + "]: " + e.what());
    }
  return out;
}

/// Checks what both ABIs share and translates it; messages are the bare field's.
PluginKernelSpec describe(const DeclaredKernel& kernel, bool lone_input) {
  if (!kernel.name || !*kernel.name) throw BackendError("no name");
  // Both reach Python as str (ctx.kernel), so they must be UTF-8.
  if (!is_utf8(kernel.name)) throw BackendError("the name is not UTF-8 text");
  PluginKernelSpec spec{.name = kernel.name, .description = kernel.description ? kernel.description : ""};
  if (spec.name.find_first_of(" \t\n=") != std::string::npos)
    throw BackendError("name '" + spec.name + "' has spaces or '='");
  if (!is_utf8(spec.description)) throw BackendError("the description is not UTF-8 text");
  if (!kernel.has_process) throw BackendError("no process function");
  spec.declared = kernel.inputs;
  spec.inputs = translate_inputs(kernel.inputs, !lone_input);
  spec.params = translate_params(kernel.params);
  return spec;
}

afeed_input adapt_v1_input(const af_plugin& plugin) {
  return {.struct_size = sizeof(afeed_input),
          .flags = plugin.strided_ok ? AFEED_INPUT_STRIDED : 0u,
          .name = default_input_name,
          .dtypes = plugin.dtypes,
          .n_dtypes = static_cast<std::uint32_t>(plugin.n_dtypes),
          .min_ndim = plugin.min_ndim,
          .max_ndim = plugin.max_ndim,
          .last_dim = plugin.last_dim,
          .same_shape_as = nullptr,
          .min_alignment = 0,
          .note = nullptr};
}

PluginKernelSpec read_v2_kernel(const afeed_kernel& kernel) {
  if (kernel.struct_size < sizeof(afeed_kernel))
    throw BackendError("struct_size " + std::to_string(kernel.struct_size) + " is smaller than ABI 2.0's " +
                       std::to_string(sizeof(afeed_kernel)));
  if (kernel.n_inputs > 0 && (!kernel.inputs || kernel.inputs->struct_size < sizeof(afeed_input)))
    throw BackendError("inputs is NULL or inputs[0].struct_size is smaller than ABI 2.0's");
  if (kernel.n_params > 0 && (!kernel.params || kernel.params->struct_size < sizeof(afeed_param_info)))
    throw BackendError("params is NULL or params[0].struct_size is smaller than ABI 2.0's");
  PluginKernelSpec spec = describe({.name = kernel.name,
                                    .description = kernel.description,
                                    .has_process = kernel.process != nullptr,
                                    .inputs = read_structs(kernel.inputs, kernel.n_inputs),
                                    .params = read_structs(kernel.params, kernel.n_params)},
                                   false);
  spec.declares_params = true;
  spec.thread_safe = (kernel.flags & AFEED_KERNEL_THREAD_SAFE) != 0;
  spec.collective = (kernel.flags & AFEED_KERNEL_COLLECTIVE) != 0;
  spec.v2 = kernel;
  return spec;
}

}  // namespace

PluginKernelSpec read_v1_kernel(const af_plugin& plugin, const std::string& where) try {
  PluginKernelSpec spec = describe({.name = plugin.name,
                                    .description = plugin.description,
                                    .has_process = plugin.process != nullptr,
                                    .inputs = {adapt_v1_input(plugin)}},
                                   true);
  spec.thread_safe = plugin.thread_safe != 0;
  spec.v1 = &plugin;
  return spec;
} catch (const BackendError& e) {
  throw BackendError(where + ": invalid descriptor: " + e.what());
}

std::vector<PluginKernelSpec> read_v2_kernels(const afeed_entry& entry, const std::string& where) {
  if (entry.struct_size < sizeof(afeed_entry) || entry.n_kernels == 0 || !entry.kernels ||
      entry.kernels->struct_size < sizeof(afeed_kernel))
    throw BackendError(where + ": invalid arrayfeed_entry: want struct_size >= " + std::to_string(sizeof(afeed_entry)) +
                       " and at least one kernel whose struct_size is >= " + std::to_string(sizeof(afeed_kernel)) +
                       " (fill it with AFEED_ENTRY(kernels, n))");
  std::vector<PluginKernelSpec> specs;
  const std::vector<afeed_kernel> kernels = read_structs(entry.kernels, entry.n_kernels);
  for (std::size_t i = 0; i < kernels.size(); ++i) try {
      specs.push_back(read_v2_kernel(kernels[i]));
    } catch (const BackendError& e) {
      const char* name = kernels[i].name && is_utf8(kernels[i].name) ? kernels[i].name : nullptr;
      throw BackendError(where + ": kernels[" + std::to_string(i) + "]" + (name ? std::string(" '") + name + "'" : "") +
                         ": invalid descriptor: " + e.what());
    }
  return specs;
}

}  // namespace arrayfeed

#include "kernels/plugin_kernel.hpp"

#include <array>
#include <cstring>
#include <type_traits>
#include <vector>

#include "core/errors.hpp"
#include "core/input_contract.hpp"
#include "kernels/plugin_dtypes.hpp"
#include "kernels/plugin_inputs.hpp"
#include "kernels/plugin_structs.hpp"

namespace arrayfeed {
namespace {

// Shapes and strides go to the plugin as they are, without a copy.
static_assert(std::is_same_v<std::ptrdiff_t, std::int64_t>, "af_array needs 64-bit ptrdiff_t");

/// The message buffer a plugin call may fill, and the error it becomes.
struct CallError {
  std::array<char, 1024> text{};

  BackendError error(int status, const std::string& misuse = {}) {
    text.back() = '\0';  // the plugin may have filled it to the brim
    if (!misuse.empty()) return BackendError(misuse);
    const std::string message = text.front() ? text.data() : "(the plugin gave no message)";
    return BackendError("status " + std::to_string(status) + ": " + message);
  }
};

af_array to_v1(const ArrayView& view) {
  return {.data = view.data,
          .dtype = plugin_code_of(view.dtype),
          .ndim = static_cast<std::int32_t>(view.shape.size()),
          .shape = view.shape.data(),
          .strides = view.strides.data()};
}

afeed_array to_v2(const ArrayView& view) {
  return {.struct_size = sizeof(afeed_array),
          .dtype = plugin_code_of(view.dtype),
          .data = view.data,
          .ndim = static_cast<std::int32_t>(view.shape.size()),
          .itemsize = static_cast<std::int32_t>(view.dtype.itemsize),
          .shape = view.shape.data(),
          .strides = view.strides.data()};
}

/// Throws for a data set of an element type the ABI has no code for.
void check_readable(const DataSets& data) {
  for (const auto& [name, set] : data.all())
    if (plugin_code_of(set.view().dtype) == 0)  // float16, longdouble or another byte order
      throw BackendError("data set '" + name + "' is " + set.view().describe() +
                         ", which plugins cannot read (bool or number types of the ABI, native byte order); "
                         "save it with np.save(path, x.astype(np." +
                         conversion_target(InputContract{}, set.dtype).name() + "))");
}

/// The run's parameters in either ABI's {key, value} struct.
template <class Param>
std::vector<Param> to_plugin_params(const Params& params) {
  std::vector<Param> out;
  for (const auto& [key, value] : params) out.push_back({.key = key.c_str(), .value = value.text.c_str()});
  return out;
}

}  // namespace

PluginKernel::PluginKernel(std::shared_ptr<const PluginLibrary> library, const PluginKernelSpec& spec)
    : m_library(std::move(library)), m_spec(spec), m_inputs(spec.inputs), m_host(spec.name) {
  m_host.reduce_rule("allreduce is not for init: the ranks set up one after another, so none would join; "
                     "reduce in process or finish");
}

void PluginKernel::join(Communicator& ranks) {
  m_ranks = &ranks;
  m_host.join(ranks);
}

bool PluginKernel::merge_across(Communicator&) {
  m_all_ranks_ran = true;
  return false;
}

std::string PluginKernel::reduce_refusal() const {
  if (!m_spec.collective)
    return "kernel '" + m_spec.name + "' called allreduce but is not flagged AFEED_KERNEL_COLLECTIVE: its ranks "
           "run at their own pace, so none would join; set the flag to run them in lock step";
  if (m_ranks && m_ranks->size() > 1 && !m_all_ranks_ran)
    return "allreduce in finish, but not every rank ran (one failed before the first array), so not all would join";
  return {};
}

PluginKernel::~PluginKernel() {
  if (m_live) call_finish_quietly();
}

void PluginKernel::call_finish_quietly() {
  if (!has_finish()) return;
  KernelResult ignored;
  PluginOutput summary(ignored);
  CallError error;
  call_finish(summary, error.text.data(), error.text.size());
}

void PluginKernel::init(const Params& params, const DataSets& data) {
  check_readable(data);
  CallError error;
  const int status = call_init(params, data, error.text.data(), error.text.size());
  // A refused allreduce fails init even when the kernel went on without it.
  if (std::string misuse = m_host.take_misuse(); status != AF_OK || !misuse.empty()) {
    if (status == AF_OK) call_finish_quietly();  // it has its state to free
    throw error.error(status, misuse);
  }
  m_live = true;
  m_host.reduce_rule(m_spec.collective ? std::string() : reduce_refusal());  // for every process call
  if (!m_spec.v1) adopt_narrowed_inputs();
}

int PluginKernel::call_init(const Params& params, const DataSets& data, char* error, std::size_t error_size) {
  if (!m_spec.v1) return call_init_v2(params, data, error, error_size);
  if (!m_spec.v1->init) return AF_OK;
  const std::vector<af_param> c_params = to_plugin_params<af_param>(params);
  std::vector<af_data_set> c_data;
  for (const auto& [name, set] : data.all()) c_data.push_back({.name = name.c_str(), .array = to_v1(set.view())});
  const af_init_args args{
      .params = c_params.data(), .n_params = c_params.size(), .data_sets = c_data.data(), .n_data_sets = c_data.size()};
  return m_spec.v1->init(&args, &m_state, error, error_size);
}

int PluginKernel::call_init_v2(const Params& params, const DataSets& data, char* error, std::size_t error_size) {
  const afeed_kernel& kernel = m_spec.v2;
  if (!kernel.init) return AFEED_OK;
  const std::vector<afeed_param> c_params = to_plugin_params<afeed_param>(params);
  std::vector<afeed_array> arrays;
  for (const auto& [name, set] : data.all()) arrays.push_back(to_v2(set.view()));
  std::vector<afeed_data_set> c_data;
  for (const auto& [name, set] : data.all()) c_data.push_back({.name = name.c_str(), .array = &arrays[c_data.size()]});
  const std::size_t stride = kernel.inputs->struct_size;
  const auto* declared = reinterpret_cast<const unsigned char*>(kernel.inputs);
  m_inputs_copy.assign(declared, declared + stride * kernel.n_inputs);
  const afeed_init_args args{.struct_size = sizeof(afeed_init_args),
                             .host_abi_minor = AFEED_ABI_MINOR,
                             .kernel_name = m_spec.name.c_str(),
                             .host = m_host.get(),
                             .params = c_params.data(),
                             .n_params = c_params.size(),
                             .data_sets = c_data.data(),
                             .n_data_sets = c_data.size(),
                             .inputs = reinterpret_cast<afeed_input*>(m_inputs_copy.data()),
                             .n_inputs = kernel.n_inputs,
                             .reserved = 0,
                             .rank = m_ranks ? m_ranks->rank() : 0,
                             .size = m_ranks ? m_ranks->size() : 1};
  return kernel.init(&args, &m_state, error, error_size);
}

void PluginKernel::adopt_narrowed_inputs() {
  if (m_inputs_copy.empty()) return;  // no init
  const auto narrowed = read_structs(reinterpret_cast<const afeed_input*>(m_inputs_copy.data()), m_spec.v2.n_inputs);
  check_narrowing(m_spec.declared, narrowed);
  try {
    m_inputs = translate_inputs(narrowed);
  } catch (const BackendError& e) {
    throw BackendError(std::string("init left an invalid contract: ") + e.what());
  }
}

AfterCall PluginKernel::process(const StepInputs& step, KernelResult& result) {
  PluginOutput output(result);
  CallError error;
  int status = AF_OK;
  if (m_spec.v1) {
    const af_array array = to_v1(step.first);
    status = m_spec.v1->process(m_state, &array, output.get(), error.text.data(), error.text.size());
  } else {
    std::array<afeed_array, max_kernel_inputs> arrays;
    std::array<const afeed_array*, max_kernel_inputs> given;
    const std::size_t n = m_inputs.size();
    for (std::size_t i = 0; i < n; ++i)
      given[i] = i < step.size() && step.has(i) ? &(arrays[i] = to_v2(step[i])) : nullptr;
    status = m_spec.v2.process(m_state, given.data(), static_cast<std::uint32_t>(n), output.get_v2(),
                               error.text.data(), error.text.size());
  }
  const std::string misuse = output.misuse().empty() ? m_host.take_misuse() : output.misuse();
  if (status != AF_OK || !misuse.empty()) throw error.error(status, misuse);
  output.normalise_bools();
  return output.stop_requested() ? AfterCall::stop : AfterCall::go_on;
}

int PluginKernel::call_finish(PluginOutput& output, char* error, std::size_t error_size) {
  if (m_spec.v1) return m_spec.v1->finish(m_state, output.get(), error, error_size);
  m_host.reduce_rule(reduce_refusal());
  return m_spec.v2.finish(m_state, output.get_v2(), error, error_size);
}

NamedValues PluginKernel::finish() {
  m_live = false;
  if (!has_finish()) return {};
  KernelResult summary;
  PluginOutput output(summary);
  CallError error;
  const int status = call_finish(output, error.text.data(), error.text.size());
  const std::string misuse = output.misuse().empty() ? m_host.take_misuse() : output.misuse();
  if (status != AF_OK || !misuse.empty()) throw error.error(status, misuse);
  output.normalise_bools();
  if (auto* named = std::get_if<NamedValues>(&summary)) return std::move(*named);
  if (auto* value = std::get_if<Value>(&summary)) return {{"result", std::move(*value)}};
  return {};
}

std::vector<std::string> load_plugin(KernelRegistry& registry, const std::filesystem::path& path) {
  for (const KernelRegistry::Entry& e : registry.entries()) {
    std::error_code ec;  // built-ins have no origin, and a missing file is open()'s to report
    if (!e.origin.empty() && std::filesystem::equivalent(e.origin, path, ec))
      throw BackendError("plugin '" + path.string() + "' is given twice (also as '" + e.origin +
                         "'); give each --plugin once");
  }
  std::shared_ptr<const PluginLibrary> library = PluginLibrary::open(path);
  std::vector<std::string> names;
  for (const PluginKernelSpec& spec : library->kernels()) {
    if (registry.contains(spec.name))
      throw BackendError("plugin '" + path.string() + "' names its kernel '" + spec.name +
                         "', which is already taken (a built-in, another --plugin or another of its kernels); "
                         "rename it in the plugin");
    registry.add(spec.name, spec.description,
                 [library, &spec] { return std::make_unique<PluginKernel>(library, spec); }, path.string());
    names.push_back(spec.name);
  }
  return names;
}

}  // namespace arrayfeed

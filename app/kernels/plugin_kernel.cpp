#include "kernels/plugin_kernel.hpp"

#include <array>
#include <type_traits>
#include <vector>

#include "core/errors.hpp"
#include "core/input_contract.hpp"
#include "kernels/plugin_dtypes.hpp"
#include "kernels/plugin_output.hpp"

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

af_array to_plugin(const ArrayView& view) {
  return {.data = view.data,
          .dtype = plugin_code_of(view.dtype),
          .ndim = static_cast<std::int32_t>(view.shape.size()),
          .shape = view.shape.data(),
          .strides = view.strides.data()};
}

}  // namespace

PluginKernel::PluginKernel(std::shared_ptr<const PluginLibrary> library)
    : m_library(std::move(library)), m_inputs(one_input(m_library->contract())) {}

PluginKernel::~PluginKernel() {
  if (!m_live || !m_library->api().finish) return;
  KernelResult ignored;
  PluginOutput summary(ignored);
  CallError error;
  m_library->api().finish(m_state, summary.get(), error.text.data(), error.text.size());
}

void PluginKernel::init(const Params& params, const DataSets& data) {
  std::vector<af_param> c_params;
  for (const auto& [key, value] : params) c_params.push_back({.key = key.c_str(), .value = value.text.c_str()});
  std::vector<af_data_set> c_data;
  for (const auto& [name, set] : data.all()) {
    const af_array array = to_plugin(set.view());
    if (array.dtype == 0)  // float16, longdouble or another byte order: the loader takes only numbers
      throw BackendError("data set '" + name + "' is " + set.view().describe() +
                         ", which plugins cannot read (bool or number types of the ABI, native byte order); "
                         "save it with np.save(path, x.astype(np." +
                         conversion_target(InputContract{}, set.dtype).name() + "))");
    c_data.push_back({.name = name.c_str(), .array = array});
  }
  const af_init_args args{
      .params = c_params.data(), .n_params = c_params.size(), .data_sets = c_data.data(), .n_data_sets = c_data.size()};
  if (m_library->api().init) {
    CallError error;
    if (const int status = m_library->api().init(&args, &m_state, error.text.data(), error.text.size());
        status != AF_OK)
      throw error.error(status);
  }
  m_live = true;
}

AfterCall PluginKernel::process(const StepInputs& step, KernelResult& result) {
  const af_array array = to_plugin(step.first);
  PluginOutput output(result);
  CallError error;
  const int status = m_library->api().process(m_state, &array, output.get(), error.text.data(), error.text.size());
  if (status != AF_OK || !output.misuse().empty()) throw error.error(status, output.misuse());
  output.normalise_bools();
  return output.stop_requested() ? AfterCall::stop : AfterCall::go_on;
}

NamedValues PluginKernel::finish() {
  m_live = false;
  if (!m_library->api().finish) return {};
  KernelResult summary;
  PluginOutput output(summary);
  CallError error;
  const int status = m_library->api().finish(m_state, output.get(), error.text.data(), error.text.size());
  if (status != AF_OK || !output.misuse().empty()) throw error.error(status, output.misuse());
  output.normalise_bools();
  if (auto* named = std::get_if<NamedValues>(&summary)) return std::move(*named);
  if (auto* value = std::get_if<Value>(&summary)) return {{"result", std::move(*value)}};
  return {};
}

std::string load_plugin(KernelRegistry& registry, const std::filesystem::path& path) {
  for (const KernelRegistry::Entry& e : registry.entries()) {
    std::error_code ec;  // built-ins have no origin, and a missing file is open()'s to report
    if (!e.origin.empty() && std::filesystem::equivalent(e.origin, path, ec))
      throw BackendError("plugin '" + path.string() + "' is given twice (also as '" + e.origin +
                         "'); give each --plugin once");
  }
  std::shared_ptr<const PluginLibrary> library = PluginLibrary::open(path);
  const std::string name = library->name();
  if (registry.contains(name))
    throw BackendError("plugin '" + path.string() + "' names its kernel '" + name +
                       "', which is already taken (a built-in or another --plugin); rename it in the plugin");
  registry.add(name, library->description(), [library] { return std::make_unique<PluginKernel>(library); },
               path.string());
  return name;
}

}  // namespace arrayfeed

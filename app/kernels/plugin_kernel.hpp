#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "kernels/kernel.hpp"
#include "kernels/kernel_registry.hpp"
#include "kernels/plugin_library.hpp"

namespace arrayfeed {

/// A kernel from a plugin library: calls its C functions and turns their
/// status codes and messages into BackendError.
class PluginKernel : public Kernel {
 public:
  explicit PluginKernel(std::shared_ptr<const PluginLibrary> library);
  /// Calls the plugin's finish if the run never did, so it can free its state.
  ~PluginKernel() override;

  const KernelInputs& inputs() const override { return m_inputs; }
  bool thread_safe() const override { return m_library->api().thread_safe != 0; }
  bool declares_params() const override { return false; }
  void init(const Params& params, const DataSets& data) override;
  AfterCall process(const StepInputs& step, KernelResult& result) override;
  NamedValues finish() override;

 private:
  std::shared_ptr<const PluginLibrary> m_library;
  KernelInputs m_inputs;
  void* m_state = nullptr;
  bool m_live = false;  ///< init succeeded and finish has not been called
};

/// Opens the plugin library at `path` and registers its kernel under the
/// name the plugin gives; returns that name. Throws BackendError.
std::string load_plugin(KernelRegistry& registry, const std::filesystem::path& path);

}  // namespace arrayfeed

#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "kernels/kernel.hpp"
#include "kernels/kernel_registry.hpp"
#include "kernels/plugin_host.hpp"
#include "kernels/plugin_library.hpp"
#include "kernels/plugin_output.hpp"

namespace arrayfeed {

/// A kernel from a plugin library, built for ABI 1 or 2: calls its C
/// functions and turns their status codes and messages into BackendError.
class PluginKernel : public Kernel {
 public:
  /// `spec` is one of `library`'s kernels.
  PluginKernel(std::shared_ptr<const PluginLibrary> library, const PluginKernelSpec& spec);
  /// Calls the plugin's finish if the run never did, so it can free its state.
  ~PluginKernel() override;

  const KernelInputs& inputs() const override { return m_inputs; }
  const ParamInfos& params() const override { return m_spec.params; }
  bool thread_safe() const override { return m_spec.thread_safe; }
  bool declares_params() const override { return m_spec.declares_params; }
  bool collective() const override { return m_spec.collective; }
  void join(Communicator& ranks) override;
  void init(const Params& params, const DataSets& data) override;
  AfterCall process(const StepInputs& step, KernelResult& result) override;
  NamedValues finish() override;
  /// Every rank ran: finish may reduce. A collective kernel's totals are the job's already.
  bool merge_across(Communicator& ranks) override;

 private:
  bool has_finish() const { return m_spec.v1 ? m_spec.v1->finish != nullptr : m_spec.v2.finish != nullptr; }
  int call_init(const Params& params, const DataSets& data, char* error, std::size_t error_size);
  int call_init_v2(const Params& params, const DataSets& data, char* error, std::size_t error_size);
  int call_finish(PluginOutput& output, char* error, std::size_t error_size);
  /// finish, its summary and failure ignored: for a kernel the run will not finish.
  void call_finish_quietly();
  /// Takes the contract init left in its copy of the inputs, if it only narrowed.
  void adopt_narrowed_inputs();
  /// Why the kernel may not reduce in process or finish (not collective;
  /// in finish, not every rank ran), or empty when it may.
  std::string reduce_refusal() const;

  std::shared_ptr<const PluginLibrary> m_library;
  const PluginKernelSpec& m_spec;
  KernelInputs m_inputs;
  /// init's copy of the declared inputs, laid out with the kernel's stride: kept until finish.
  std::vector<unsigned char> m_inputs_copy;
  PluginHost m_host;  ///< valid from init until finish returns, as the ABI promises
  Communicator* m_ranks = nullptr;
  bool m_all_ranks_ran = false;
  void* m_state = nullptr;
  bool m_live = false;  ///< init succeeded and finish has not been called
};

/// Opens the plugin library at `path` and registers each of its kernels
/// under the name the plugin gives; returns those names. Throws BackendError.
std::vector<std::string> load_plugin(KernelRegistry& registry, const std::filesystem::path& path);

}  // namespace arrayfeed

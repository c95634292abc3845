#pragma once

#include <string>

#include "arrayfeed/arrayfeed.h"
#include "arrayfeed/plugin.h"
#include "core/kernel_result.hpp"

namespace arrayfeed {

/// The host side of a plugin's af_output (ABI 1) or afeed_output (ABI 2):
/// collects what one process (or finish) call reports into a KernelResult.
/// Its callbacks never throw into C.
class PluginOutput {
 public:
  explicit PluginOutput(KernelResult& target);
  PluginOutput(const PluginOutput&) = delete;
  PluginOutput& operator=(const PluginOutput&) = delete;

  af_output* get() { return &m_output; }
  afeed_output* get_v2() { return &m_output_v2; }
  bool stop_requested() const { return m_stop; }
  /// Empty, or the first way the plugin misused the output (e.g. a single
  /// value mixed with named ones): the call counts as failed.
  const std::string& misuse() const { return m_misuse; }
  /// Makes every byte of a bool result array 0 or 1; call once the plugin's
  /// call has returned, before anyone reads the result.
  void normalise_bools();

 private:
  // Both ABIs' output structs are {api, host}: one set of callbacks serves them.
  template <class Out>
  static PluginOutput& self(Out* out) {
    return *static_cast<PluginOutput*>(out->host);
  }
  template <class Out>
  static int set_int(Out* out, const char* name, std::int64_t value) noexcept;
  template <class Out>
  static int set_float(Out* out, const char* name, double value) noexcept;
  template <class Out>
  static void* new_array(Out* out, const char* name, std::int32_t dtype, std::int32_t ndim,
                         const std::int64_t* shape) noexcept;
  template <class Out>
  static void request_stop(Out* out) noexcept;
  void* new_array(const char* name, std::int32_t dtype, std::int32_t ndim, const std::int64_t* shape);

  /// Where the value went; null (and a misuse noted) when it cannot go where asked.
  Value* put(const char* name, Value value);
  void fail(std::string misuse);

  KernelResult& m_target;
  af_output m_output;
  afeed_output m_output_v2;
  bool m_stop = false;
  std::string m_misuse;
};

}  // namespace arrayfeed

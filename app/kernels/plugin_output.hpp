#pragma once

#include <string>

#include "arrayfeed/plugin.h"
#include "core/kernel_result.hpp"

namespace arrayfeed {

/// The host side of a plugin's af_output: collects what one process (or
/// finish) call reports into a KernelResult. Its callbacks never throw into C.
class PluginOutput {
 public:
  explicit PluginOutput(KernelResult& target);
  PluginOutput(const PluginOutput&) = delete;
  PluginOutput& operator=(const PluginOutput&) = delete;

  af_output* get() { return &m_output; }
  bool stop_requested() const { return m_stop; }
  /// Empty, or the first way the plugin misused the output (e.g. a single
  /// value mixed with named ones): the call counts as failed.
  const std::string& misuse() const { return m_misuse; }
  /// Makes every byte of a bool result array 0 or 1; call once the plugin's
  /// call has returned, before anyone reads the result.
  void normalise_bools();

 private:
  static PluginOutput& self(af_output* out) { return *static_cast<PluginOutput*>(out->host); }
  static int set_int(af_output* out, const char* name, std::int64_t value) noexcept;
  static int set_float(af_output* out, const char* name, double value) noexcept;
  static void* new_array(af_output* out, const char* name, std::int32_t dtype, std::int32_t ndim,
                         const std::int64_t* shape) noexcept;
  static void request_stop(af_output* out) noexcept;

  /// Where the value went; null (and a misuse noted) when it cannot go where asked.
  Value* put(const char* name, Value value);
  void fail(std::string misuse);

  KernelResult& m_target;
  af_output m_output;
  bool m_stop = false;
  std::string m_misuse;
};

}  // namespace arrayfeed

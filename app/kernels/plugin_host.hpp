#pragma once

#include <string>

#include "arrayfeed/arrayfeed.h"

namespace arrayfeed {

/// The afeed_host a kernel's init receives: its log callback writes into
/// arrayfeed's log, each line prefixed with the kernel's name.
class PluginHost {
 public:
  explicit PluginHost(std::string kernel_name);
  PluginHost(const PluginHost&) = delete;
  PluginHost& operator=(const PluginHost&) = delete;

  const afeed_host* get() const { return &m_host; }

 private:
  /// From any thread; refuses nothing: a NULL message is ignored, an unknown level logged as info.
  static void log(const afeed_host* host, std::int32_t level, const char* message) noexcept;

  std::string m_kernel_name;
  afeed_host m_host;
};

}  // namespace arrayfeed

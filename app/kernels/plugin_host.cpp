#include "kernels/plugin_host.hpp"

#include <spdlog/spdlog.h>


namespace arrayfeed {
namespace {

spdlog::level::level_enum level_of(std::int32_t level) {
  switch (level) {
    case AFEED_LOG_DEBUG: return spdlog::level::debug;
    case AFEED_LOG_WARN: return spdlog::level::warn;
    case AFEED_LOG_ERROR: return spdlog::level::err;
    default: return spdlog::level::info;
  }
}

}  // namespace

PluginHost::PluginHost(std::string kernel_name)
    : m_kernel_name(std::move(kernel_name)),
      m_host{.struct_size = sizeof(afeed_host), .log = &PluginHost::log, .host_data = this} {}

void PluginHost::log(const afeed_host* host, std::int32_t level, const char* message) noexcept try {
  if (!host || !message) return;
  const auto& self = *static_cast<const PluginHost*>(host->host_data);
  // spdlog's default logger locks its sinks, so any thread may call.
  spdlog::log(level_of(level), "kernel '{}': {}", self.m_kernel_name, message);
} catch (...) {  // a log line is never worth an exception across the C boundary
}

}  // namespace arrayfeed

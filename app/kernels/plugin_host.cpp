#include "kernels/plugin_host.hpp"

#include <spdlog/spdlog.h>

#include <optional>
#include <utility>

#include "kernels/plugin_dtypes.hpp"

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

std::optional<ReduceOp> reduce_op_of(std::int32_t op) {
  switch (op) {
    case AFEED_REDUCE_SUM: return ReduceOp::sum;
    case AFEED_REDUCE_MIN: return ReduceOp::min;
    case AFEED_REDUCE_MAX: return ReduceOp::max;
    default: return std::nullopt;
  }
}

bool reducible(std::int32_t dtype) {
  return dtype == AFEED_INT32 || dtype == AFEED_INT64 || dtype == AFEED_FLOAT32 || dtype == AFEED_FLOAT64;
}

}  // namespace

PluginHost::PluginHost(std::string kernel_name)
    : m_kernel_name(std::move(kernel_name)),
      m_host{.struct_size = sizeof(afeed_host),
             .log = &PluginHost::log,
             .host_data = this,
             .allreduce = &PluginHost::allreduce} {}

void PluginHost::note_misuse(std::string refusal) {
  const std::lock_guard lock(m_misuse_mutex);
  if (m_misuse.empty()) m_misuse = std::move(refusal);
  m_misused.store(true, std::memory_order_release);
}

std::string PluginHost::take_misuse_slowly() {
  const std::lock_guard lock(m_misuse_mutex);
  m_misused.store(false, std::memory_order_relaxed);
  return std::exchange(m_misuse, {});
}

void PluginHost::log(const afeed_host* host, std::int32_t level, const char* message) noexcept try {
  if (!host || !message) return;
  const auto& self = *static_cast<const PluginHost*>(host->host_data);
  // spdlog's default logger locks its sinks, so any thread may call.
  spdlog::log(level_of(level), "kernel '{}': {}", self.m_kernel_name, message);
} catch (...) {  // a log line is never worth an exception across the C boundary
}

std::string PluginHost::refusal_of(const void* data, std::int32_t dtype, std::int32_t op) const {
  if (!m_refusal.empty()) return m_refusal;
  if (!reducible(dtype))
    return "allreduce of dtype code " + std::to_string(dtype) +
           ": only AFEED_INT32, AFEED_INT64, AFEED_FLOAT32 and AFEED_FLOAT64 can be reduced";
  if (!reduce_op_of(op))
    return "allreduce with op " + std::to_string(op) + ": use AFEED_REDUCE_SUM, AFEED_REDUCE_MIN or AFEED_REDUCE_MAX";
  if (!data) return "allreduce of data NULL: pass the values to combine";
  return {};
}

// A collective kernel of several ranks runs in lock step, one call at a
// time; refusals may come from several threads (a thread-safe kernel).
int PluginHost::allreduce(const afeed_host* host, void* data, std::size_t count, std::int32_t dtype,
                          std::int32_t op) noexcept try {
  if (!host) return AFEED_ERROR;
  auto& self = *static_cast<PluginHost*>(host->host_data);
  if (std::string refusal = self.refusal_of(data, dtype, op); !refusal.empty()) {
    self.note_misuse(std::move(refusal));
    return AFEED_ERROR;
  }
  self.m_ranks->allreduce(data, count, *dtype_of_plugin_code(dtype), *reduce_op_of(op));
  return AFEED_OK;
} catch (...) {  // never across the C boundary
  return AFEED_ERROR;
}

}  // namespace arrayfeed

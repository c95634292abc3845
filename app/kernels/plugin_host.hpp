#pragma once

#include <string>

#include "arrayfeed/arrayfeed.h"
#include "core/communicator.hpp"

namespace arrayfeed {

/// The afeed_host a plugin kernel holds from init until finish returns: its
/// log callback writes into arrayfeed's log, each line prefixed with the
/// kernel's name; its allreduce combines over the job's ranks when the
/// kernel may reduce at that moment, and otherwise records why not.
class PluginHost {
 public:
  explicit PluginHost(std::string kernel_name);
  PluginHost(const PluginHost&) = delete;
  PluginHost& operator=(const PluginHost&) = delete;

  const afeed_host* get() const { return &m_host; }
  /// The ranks allreduce combines over (alone until then).
  void join(Communicator& ranks) { m_ranks = &ranks; }
  /// Before each call into the kernel: empty when it may reduce during the
  /// call, else why it may not (the message a refused allreduce leaves).
  void reduce_rule(std::string refusal) { m_refusal = std::move(refusal); }
  /// The first refusal of an allreduce since the last call, and clears it.
  std::string take_misuse();

 private:
  /// From any thread; refuses nothing: a NULL message is ignored, an unknown level logged as info.
  static void log(const afeed_host* host, std::int32_t level, const char* message) noexcept;
  static int allreduce(const afeed_host* host, void* data, std::size_t count, std::int32_t dtype,
                       std::int32_t op) noexcept;
  /// Why this allreduce may not run, or empty.
  std::string refusal_of(const void* data, std::int32_t dtype, std::int32_t op) const;

  std::string m_kernel_name;
  afeed_host m_host;
  SoloCommunicator m_alone;
  Communicator* m_ranks = &m_alone;
  std::string m_refusal;
  std::string m_misuse;
};

}  // namespace arrayfeed

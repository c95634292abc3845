#pragma once

#include <atomic>
#include <mutex>
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
  /// Before init, before the first process and before finish (never during
  /// a call): empty when the kernel may reduce, else why it may not (the
  /// message a refused allreduce leaves).
  void reduce_rule(std::string refusal) { m_refusal = std::move(refusal); }
  /// The first refusal of an allreduce not yet taken, and clears it. From
  /// any thread: a thread-safe kernel's calls may run on several at once.
  std::string take_misuse() {
    return m_misused.load(std::memory_order_acquire) ? take_misuse_slowly() : std::string();
  }

 private:
  /// From any thread; refuses nothing: a NULL message is ignored, an unknown level logged as info.
  static void log(const afeed_host* host, std::int32_t level, const char* message) noexcept;
  static int allreduce(const afeed_host* host, void* data, std::size_t count, std::int32_t dtype,
                       std::int32_t op) noexcept;
  /// Why this allreduce may not run, or empty.
  std::string refusal_of(const void* data, std::int32_t dtype, std::int32_t op) const;
  void note_misuse(std::string refusal);
  std::string take_misuse_slowly();

  std::string m_kernel_name;
  afeed_host m_host;
  SoloCommunicator m_alone;
  Communicator* m_ranks = &m_alone;
  std::string m_refusal;  ///< read by calls, written only between them
  std::mutex m_misuse_mutex;
  std::string m_misuse;
  std::atomic<bool> m_misused{false};  ///< m_misuse holds one: the calls' fast check
};

}  // namespace arrayfeed

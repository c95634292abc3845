#pragma once

#include <atomic>
#include <cstdint>

#include "core/run_options.hpp"

namespace arrayfeed {

/// The kernel calls a thread can be in.
enum class KernelPhase : std::uint8_t { none, init, process, finish };

/// One thread's kernel call, as a signal handler reads it.
struct KernelCall {
  KernelPhase phase = KernelPhase::none;
  std::uint64_t array_number = 0;  ///< numbered from 1; process only
};

namespace kernel_calls_detail {
/// The calling thread's call word, once it has one (claim_call_word).
/// Trivial, so a signal handler reading it runs no lazy initialisation.
extern constinit thread_local std::atomic<std::uint64_t>* t_call_word;
std::atomic<std::uint64_t>& claim_call_word() noexcept;

// A call packed in one word, so a handler never sees half of an update:
// the phase in the top byte, the array number below.
inline constexpr int kPhaseShift = 56;
constexpr std::uint64_t pack(KernelPhase phase, std::uint64_t array_number) {
  return std::uint64_t{static_cast<std::uint8_t>(phase)} << kPhaseShift | array_number;
}
}  // namespace kernel_calls_detail

/// Marks the calling thread as inside a kernel call for the mark's lifetime,
/// so that a signal handler can say which call hangs or crashed. Two plain
/// atomic stores, inline: cheap enough for every array.
class KernelCallMark {
 public:
  explicit KernelCallMark(KernelPhase phase, std::uint64_t array_number = 0) noexcept
      : m_word(kernel_calls_detail::t_call_word ? *kernel_calls_detail::t_call_word
                                                : kernel_calls_detail::claim_call_word()) {
    m_word.store(kernel_calls_detail::pack(phase, array_number), std::memory_order_release);
  }
  ~KernelCallMark() { m_word.store(0, std::memory_order_release); }
  KernelCallMark(const KernelCallMark&) = delete;
  KernelCallMark& operator=(const KernelCallMark&) = delete;

 private:
  std::atomic<std::uint64_t>& m_word;
};

/// The calling thread's kernel call (phase none outside one). Async-signal-safe.
KernelCall this_thread_kernel_call() noexcept;

/// Calls `visit(const KernelCall&)` for every thread inside a kernel call;
/// returns how many there were. Async-signal-safe if `visit` is.
template <class Visit>
int for_each_kernel_call(Visit visit) noexcept;

namespace kernel_calls_detail {
/// The calls of up to this many threads are seen: every worker and the main thread.
inline constexpr int kMaxThreads = kMaxWorkerThreads + 1;
KernelCall call_of_slot(int slot) noexcept;
}  // namespace kernel_calls_detail

template <class Visit>
int for_each_kernel_call(Visit visit) noexcept {
  int found = 0;
  for (int slot = 0; slot < kernel_calls_detail::kMaxThreads; ++slot) {
    const KernelCall call = kernel_calls_detail::call_of_slot(slot);
    if (call.phase == KernelPhase::none) continue;
    ++found;
    visit(call);
  }
  return found;
}

}  // namespace arrayfeed

#pragma once

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

/// Marks the calling thread as inside a kernel call for the mark's lifetime,
/// so that a signal handler can say which call hangs or crashed. Two plain
/// atomic stores: cheap enough for every array.
class KernelCallMark {
 public:
  explicit KernelCallMark(KernelPhase phase, std::uint64_t array_number = 0) noexcept;
  ~KernelCallMark();
  KernelCallMark(const KernelCallMark&) = delete;
  KernelCallMark& operator=(const KernelCallMark&) = delete;
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

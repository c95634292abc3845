#include "core/kernel_calls.hpp"

#include <array>
#include <atomic>

#include <pthread.h>

namespace arrayfeed {
namespace {

using kernel_calls_detail::kMaxThreads;
using kernel_calls_detail::kPhaseShift;
using kernel_calls_detail::t_call_word;

constexpr KernelCall unpack(std::uint64_t word) {
  return {.phase = static_cast<KernelPhase>(word >> kPhaseShift),
          .array_number = word & ((std::uint64_t{1} << kPhaseShift) - 1)};
}

/// One thread's call word; `taken` while a thread owns it.
struct alignas(64) Slot {
  std::atomic<bool> taken{false};
  std::atomic<std::uint64_t> call{0};
};
static_assert(std::atomic<std::uint64_t>::is_always_lock_free, "a signal handler reads the call words");

std::array<Slot, kMaxThreads> g_slots;
Slot g_untracked;  // shared by threads beyond kMaxThreads (unit tests): their calls are not listed

// The calling thread's slot, once it has one. Trivial, so reading it from a
// signal handler runs no lazy initialisation.
constinit thread_local Slot* t_slot = nullptr;

/// Gives the thread's slot back when the thread ends.
struct SlotLease {
  ~SlotLease() {
    if (t_slot && t_slot != &g_untracked) t_slot->taken.store(false, std::memory_order_release);
  }
};
thread_local SlotLease t_lease;

Slot& claim_slot() {
  for (Slot& slot : g_slots) {
    bool free = false;
    if (slot.taken.compare_exchange_strong(free, true, std::memory_order_acquire)) {
      t_slot = &slot;
      (void)t_lease;  // registers the lease's destructor for this thread
      return slot;
    }
  }
  return *(t_slot = &g_untracked);
}

// A forked child (the script's multiprocessing) has only the thread that
// forked: the calls other threads were in are not the child's, and a second
// Ctrl-C to the process group must not make the child report them.
void forget_other_threads_calls() {
  for (Slot& slot : g_slots)
    if (&slot != t_slot) slot.call.store(0, std::memory_order_relaxed);
}
[[maybe_unused]] const int g_at_fork = pthread_atfork(nullptr, nullptr, forget_other_threads_calls);

}  // namespace

constinit thread_local std::atomic<std::uint64_t>* kernel_calls_detail::t_call_word = nullptr;

std::atomic<std::uint64_t>& kernel_calls_detail::claim_call_word() noexcept {
  t_call_word = &claim_slot().call;
  return *t_call_word;
}

KernelCall this_thread_kernel_call() noexcept {
  return t_slot ? unpack(t_slot->call.load(std::memory_order_acquire)) : KernelCall{};
}

KernelCall kernel_calls_detail::call_of_slot(int slot) noexcept {
  return unpack(g_slots[static_cast<std::size_t>(slot)].call.load(std::memory_order_acquire));
}

}  // namespace arrayfeed

#pragma once

#include <atomic>
#include <cstdint>
#include <exception>
#include <memory>
#include <thread>
#include <vector>

#include "core/array_view.hpp"
#include "core/kernel_result.hpp"
#include "kernels/kernel.hpp"

namespace arrayfeed {

/// Kernel calls on worker threads, up to `capacity` inputs in flight; inputs
/// go in and results come out in the same order. One thread (the one with
/// the GIL) submits and collects; workers never touch Python.
///
/// Hand-over without a wake-up per array: each side spins briefly (about
/// 20 us) before it sleeps on a futex, and the other side rings only when
/// someone sleeps. So a busy stream of small arrays never pays the 40-100 us
/// of a cross-core wake-up, nor a system call; an idle one does not burn a
/// core either.
///
/// A call that asks to stop (AfterCall::stop) cancels the inputs after it:
/// no worker starts one once it has seen the request, and the calls for later
/// arrays already running when it came (under several workers) finish, but
/// their results are dropped as the ones after it.
class KernelPipeline {
 public:
  /// A finished kernel call, taken by collect().
  struct Done {
    std::uint64_t ticket;
    KernelResult result;
    std::exception_ptr error;  ///< the BackendError of a failed call
    std::int64_t kernel_ns;
    AfterCall after;
  };

  /// Starts `workers` threads. A kernel that is not thread-safe is called
  /// from one of them at a time. Throws BackendError, with every thread it
  /// started stopped again, if the system refuses a thread.
  KernelPipeline(Kernel& kernel, unsigned workers, unsigned capacity);
  /// Cancels what no worker has started and waits for the calls in progress.
  ~KernelPipeline();
  KernelPipeline(const KernelPipeline&) = delete;
  KernelPipeline& operator=(const KernelPipeline&) = delete;

  unsigned capacity() const { return static_cast<unsigned>(m_slots.size()); }
  /// Inputs submitted and not yet collected.
  std::uint64_t in_flight() const { return m_submitted - m_collected; }
  /// Hands `input` to the workers; needs in_flight() < capacity(). The memory
  /// it views must stay valid and unchanged until its result is collected.
  void submit(const StepInputs& input);
  /// True once the oldest input's call has finished (spinning briefly for it).
  bool oldest_done(bool spin) const;
  /// Sleeps until the oldest input's call has finished (call without the GIL).
  void wait_oldest() const;
  /// The oldest input's finished call; needs oldest_done().
  Done collect();
  /// True once some call asked to stop: the inputs after it will not run,
  /// so there is no point in submitting more.
  bool stop_requested() const { return m_stop_after.load(std::memory_order_relaxed) != kNoStop; }

 private:
  // A cache line each, so that a worker finishing one slot does not slow the
  // main thread filling the next.
  struct alignas(64) Slot {
    StepInputs input;
    KernelResult result;
    std::exception_ptr error;
    std::int64_t kernel_ns = 0;
    AfterCall after = AfterCall::go_on;
    std::atomic<std::uint64_t> done{0};  ///< ticket + 1 of the last finished call
  };

  /// A futex word to sleep on, and how many sleep on it: ringing it costs a
  /// system call only when someone does.
  struct alignas(64) Bell {
    std::atomic<std::uint32_t> word{0};
    std::atomic<int> sleepers{0};

    /// Sleeps until `ready()` holds (after `ready()` failed while spinning).
    template <class Ready>
    void sleep_until(Ready ready);
    void ring();
  };

  static constexpr std::uint64_t kNoStop = ~std::uint64_t{0};

  void start_workers(unsigned workers);
  void stop_workers();
  void work();
  /// Calls the kernel on the slot's input, unless a call before it asked to stop.
  void run(Slot& slot, std::uint64_t ticket);
  void note_stop(std::uint64_t ticket);

  Kernel& m_kernel;
  std::vector<Slot> m_slots;
  alignas(64) std::atomic<std::uint64_t> m_published{0};  ///< inputs submitted, | kStopping to end
  alignas(64) std::atomic<std::uint64_t> m_next_ticket{0};
  std::atomic<std::uint64_t> m_stop_after{kNoStop};  ///< the first ticket whose call asked to stop
  Bell m_work_bell;          ///< workers sleep here for inputs
  mutable Bell m_done_bell;  ///< the collecting thread sleeps here for results
  alignas(64) std::uint64_t m_submitted = 0;
  std::uint64_t m_collected = 0;
  std::vector<std::thread> m_workers;
};

}  // namespace arrayfeed

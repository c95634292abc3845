#include "run/kernel_pipeline.hpp"

#include <chrono>
#include <exception>
#include <optional>
#include <string>

#include "core/errors.hpp"
#include "core/signal_stack.hpp"

namespace arrayfeed {
namespace {

constexpr std::uint64_t kStopping = std::uint64_t{1} << 63;

// Longer than a hand-over between two busy threads, much shorter than an
// idle wait.
constexpr auto kSpinFor = std::chrono::microseconds(20);

inline void cpu_relax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#endif
}

/// Polls `ready` for up to kSpinFor; true if it came true meanwhile. Yields
/// the core now and then, in case the other side waits for it (more threads
/// than cores).
template <class Ready>
bool spin_until(Ready ready) {
  const auto deadline = std::chrono::steady_clock::now() + kSpinFor;
  for (unsigned i = 1;; ++i) {
    if (ready()) return true;
    cpu_relax();
    if (i % 64 == 0) {
      if (std::chrono::steady_clock::now() > deadline) return false;
      std::this_thread::yield();
    }
  }
}

std::string thread_refused(unsigned number, unsigned workers, const std::exception& e) {
  return "could not start kernel worker thread " + std::to_string(number) + " of " + std::to_string(workers) +
         " (" + e.what() + "): the system's limit on threads or memory is reached; " +
         (workers > 1 ? "run with fewer --threads" : "run without --prefetch") +
         ", or raise the limit (ulimit -u, ulimit -v)";
}

}  // namespace

// Sequentially consistent on both sides: a sleeper counts itself, then reads
// the condition; a ringer publishes the condition, then reads the count. One
// of the two sees the other, so no wake-up is lost.
template <class Ready>
void KernelPipeline::Bell::sleep_until(Ready ready) {
  sleepers.fetch_add(1);
  for (std::uint32_t seen = word.load(); !ready(); seen = word.load()) word.wait(seen);
  sleepers.fetch_sub(1);
}

void KernelPipeline::Bell::ring() {
  if (sleepers.load() == 0) return;
  word.fetch_add(1);
  word.notify_all();
}

KernelPipeline::KernelPipeline(Kernel& kernel, unsigned workers, unsigned capacity)
    : m_kernel(kernel), m_slots(capacity) {
  m_kernel.set_callers(workers);
  start_workers(workers);
}

KernelPipeline::~KernelPipeline() { stop_workers(); }

void KernelPipeline::start_workers(unsigned workers) {
  m_workers.reserve(workers);
  try {
    for (unsigned i = 0; i < workers; ++i) m_workers.emplace_back([this] { work(); });
  } catch (const std::exception& e) {  // std::system_error, or std::bad_alloc for the thread's own state
    // The constructor does not complete, so no destructor would join them.
    stop_workers();
    throw BackendError(thread_refused(static_cast<unsigned>(m_workers.size()) + 1, workers, e));
  }
}

void KernelPipeline::stop_workers() {
  m_published.fetch_or(kStopping);
  m_work_bell.ring();
  for (std::thread& worker : m_workers) worker.join();
}

void KernelPipeline::submit(const StepInputs& input) {
  Slot& slot = m_slots[m_submitted % m_slots.size()];
  slot.input = input;
  slot.result = std::monostate{};
  slot.error = nullptr;
  slot.kernel_ns = 0;
  slot.after = AfterCall::go_on;
  ++m_submitted;
  m_published.store(m_submitted);
  m_work_bell.ring();
}

bool KernelPipeline::oldest_done(bool spin) const {
  const Slot& slot = m_slots[m_collected % m_slots.size()];
  auto done = [&] { return slot.done.load(std::memory_order_acquire) == m_collected + 1; };
  return spin ? spin_until(done) : done();
}

void KernelPipeline::wait_oldest() const {
  const Slot& slot = m_slots[m_collected % m_slots.size()];
  m_done_bell.sleep_until([&] { return slot.done.load() == m_collected + 1; });
}

KernelPipeline::Done KernelPipeline::collect() {
  Slot& slot = m_slots[m_collected % m_slots.size()];
  return Done{.ticket = m_collected++,
              .result = std::move(slot.result),
              .error = slot.error,
              .kernel_ns = slot.kernel_ns,
              .after = slot.after};
}

void KernelPipeline::work() {
  const SignalStack signal_stack;  // a kernel's stack overflow is reported here too
  for (;;) {
    const std::uint64_t ticket = m_next_ticket.fetch_add(1, std::memory_order_relaxed);
    auto published = [&] {
      const std::uint64_t p = m_published.load();
      return (p & kStopping) || p > ticket;
    };
    if (!spin_until(published)) m_work_bell.sleep_until(published);
    if (m_published.load() & kStopping) return;  // inputs not yet started are cancelled
    Slot& slot = m_slots[ticket % m_slots.size()];
    run(slot, ticket);
    slot.done.store(ticket + 1);
    m_done_bell.ring();
  }
}

void KernelPipeline::run(Slot& slot, std::uint64_t ticket) {
  // Asked once the call's turn has come: a call that waited for it must not
  // start after one that asked to stop.
  auto still_wanted = [&] { return ticket <= m_stop_after.load(); };
  try {
    const std::optional<CallOutcome> call = m_kernel.call_in_turn(slot.input, slot.result, ticket + 1, still_wanted);
    if (!call) return;
    slot.kernel_ns = call->kernel_ns;
    slot.after = call->after;
  } catch (...) {
    slot.error = std::current_exception();
  }
  if (slot.after == AfterCall::stop) note_stop(ticket);
}

// The earliest request wins: calls on other workers may ask later for later tickets.
void KernelPipeline::note_stop(std::uint64_t ticket) {
  std::uint64_t seen = m_stop_after.load();
  while (ticket < seen && !m_stop_after.compare_exchange_weak(seen, ticket)) {
  }
}

}  // namespace arrayfeed

#include "core/signal_stack.hpp"

#include <csignal>
#include <cstddef>
#include <new>

namespace arrayfeed {
namespace {

// Room for the crash handler's message buffer and the calls it makes.
constexpr std::size_t kSize = 64 * 1024;

}  // namespace

SignalStack::SignalStack() noexcept {
  stack_t current{};
  if (sigaltstack(nullptr, &current) != 0 || !(current.ss_flags & SS_DISABLE)) return;
  // Without memory to spare, the thread goes on without one: only a stack overflow goes unnamed.
  m_memory.reset(new (std::nothrow) char[kSize]);
  if (!m_memory) return;
  const stack_t ours{.ss_sp = m_memory.get(), .ss_flags = 0, .ss_size = kSize};
  if (sigaltstack(&ours, nullptr) != 0) m_memory.reset();
}

SignalStack::~SignalStack() {
  if (!m_memory) return;
  stack_t current{};
  if (sigaltstack(nullptr, &current) != 0 || current.ss_sp != m_memory.get()) {
    // Another took over (faulthandler.enable()) and may put ours back later: it must stay valid.
    static_cast<void>(m_memory.release());
    return;
  }
  stack_t none{};
  none.ss_flags = SS_DISABLE;
  sigaltstack(&none, nullptr);
}

}  // namespace arrayfeed

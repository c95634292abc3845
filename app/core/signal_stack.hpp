#pragma once

#include <memory>

namespace arrayfeed {

/// Gives the calling thread an alternate signal stack while it lives, if it
/// has none and memory allows, so that a crash handler can run even when a kernel overflowed
/// the thread's stack. Create and destroy it on the same thread.
class SignalStack {
 public:
  SignalStack() noexcept;
  ~SignalStack();
  SignalStack(const SignalStack&) = delete;
  SignalStack& operator=(const SignalStack&) = delete;

 private:
  std::unique_ptr<char[]> m_memory;  ///< null if the thread had one already
};

}  // namespace arrayfeed

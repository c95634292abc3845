#pragma once

#include <atomic>
#include <string>

#include "core/data_sets.hpp"
#include "core/signal_stack.hpp"

namespace arrayfeed {

/// For one run, what the process says and does when a kernel call hangs or
/// crashes (the call as KernelCallMark records it):
/// - a second SIGINT or SIGTERM while a kernel call is in progress ends the
///   process at once, exit 130 or 143, naming the call; the first one says
///   that the run stops once the call returns, then goes on to Python's
///   handler (KeyboardInterrupt, or the host's Terminated): a graceful stop;
/// - SIGSEGV, SIGBUS, SIGFPE, SIGILL or SIGABRT inside a kernel call is
///   reported naming the kernel, the call and, for SIGBUS, the data set it
///   read; then the handler installed before ours (the default, Python's
///   faulthandler, a sanitizer's) takes the signal, so the process still dies
///   of it and dumps core.
/// Everything the handlers read is prepared here; besides calling the handler
/// they wrap, they use only write(2), sigaction, raise and _exit. One instance at a time; it restores the
/// handlers it replaced unless someone replaced ours since. The thread that
/// creates it (where serial kernels run) gets a SignalStack, so that a
/// kernel's stack overflow is reported too.
class KernelSignals {
 public:
  KernelSignals(const std::string& kernel, const DataSets& data);
  ~KernelSignals();
  KernelSignals(const KernelSignals&) = delete;
  KernelSignals& operator=(const KernelSignals&) = delete;

  /// Wraps the handler of `signal` again if it is a stop signal whose
  /// handler was just replaced (the script's signal.signal): without this, a
  /// script that sets its own SIGINT handler, as asyncio.run does, would
  /// leave a hanging kernel unstoppable. A no-op outside a run.
  static void rewrap(int signal);
  /// Counts a stop signal; for the handler.
  static int count_stop_signal() noexcept { return s_stop_signals.fetch_add(1); }
  /// SIGINTs and SIGTERMs that came since the run began (0 outside a run):
  /// a change is the cue to run Python's handlers. Async-signal-safe.
  static int stop_signals_seen() noexcept { return s_stop_signals.load(std::memory_order_relaxed); }

 private:
  static std::atomic<int> s_stop_signals;
  SignalStack m_signal_stack;
};

}  // namespace arrayfeed

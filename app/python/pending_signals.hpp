#pragma once

#include "core/kernel_signals.hpp"

namespace arrayfeed {

/// When to run Python's signal handlers between arrays, cheaply: at once
/// when a SIGINT or SIGTERM came (KernelSignals counts them), else every
/// 64th time, for the handlers a script sets for other signals. Asking
/// Python itself (PyErr_CheckSignals) every time costs more than the rest
/// of the per-array bookkeeping together. Needs the GIL.
class PendingSignals {
 public:
  /// Runs the handlers if it is time: throws what run_signal_handlers throws.
  void check() {
    if (++m_calls % 64 != 0 && KernelSignals::stop_signals_seen() == m_seen) return;
    check_now();
  }
  /// Runs the handlers now.
  void check_now();

 private:
  unsigned m_calls = 0;
  int m_seen = 0;
};

}  // namespace arrayfeed

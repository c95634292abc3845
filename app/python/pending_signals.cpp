#include "python/pending_signals.hpp"

#include "python/python_signals.hpp"

namespace arrayfeed {

void PendingSignals::check_now() {
  m_seen = KernelSignals::stop_signals_seen();
  run_signal_handlers();
}

}  // namespace arrayfeed

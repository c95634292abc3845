#pragma once

namespace arrayfeed {

/// Runs Python's handlers for the signals that came while C++ ran (needs the
/// GIL): SIGINT and SIGTERM raise KeyboardInterrupt or the host's
/// Terminated there, thrown here as EarlyExit; a failing handler of the
/// script's own as ScriptError.
void run_signal_handlers();

}  // namespace arrayfeed

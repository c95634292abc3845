#pragma once

namespace arrayfeed {

class HostCalls;

/// The one embedded CPython of the process (Debian's, with NumPy), set up
/// for scripts: logging and print into spdlog, SIGINT/SIGTERM as exceptions,
/// the user's VIRTUAL_ENV and PYTHONPATH honoured. Create it once; NumPy
/// cannot be re-initialised after a restart. Throws EarlyExit when
/// interrupted while starting, BackendError when Python or NumPy fails.
class Interpreter {
 public:
  Interpreter();
  ~Interpreter();
  Interpreter(const Interpreter&) = delete;
  Interpreter& operator=(const Interpreter&) = delete;

  /// Joins the non-daemon threads the script left running, naming them first,
  /// as Python would before exiting. Throws EarlyExit if interrupted.
  void wait_for_script_threads();

  /// The host's Python helpers (python/host_calls.hpp); needs a live Interpreter.
  static const HostCalls& host();
};

}  // namespace arrayfeed

#pragma once

#include <pybind11/pybind11.h>

namespace arrayfeed {

/// The one embedded CPython of the process (Debian's, with NumPy), set up
/// for scripts: logging and print into spdlog, SIGINT/SIGTERM as exceptions,
/// the user's VIRTUAL_ENV and PYTHONPATH honoured. Create it once; NumPy
/// cannot be re-initialised after a restart.
class Interpreter {
 public:
  Interpreter();
  ~Interpreter();
  Interpreter(const Interpreter&) = delete;
  Interpreter& operator=(const Interpreter&) = delete;

  /// The host's Python helpers (app/python/host_support.py); needs a live Interpreter.
  static pybind11::module_& host();
};

}  // namespace arrayfeed

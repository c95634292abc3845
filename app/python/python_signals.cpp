#include "python/python_signals.hpp"

#include <pybind11/pybind11.h>

#include "python/python_error.hpp"

namespace arrayfeed {

void run_signal_handlers() {
  if (PyErr_CheckSignals() != 0) {
    pybind11::error_already_set error;
    rethrow_python_error(error, "signal handler:");
  }
}

}  // namespace arrayfeed

#include "python/script_output.hpp"

#include <pybind11/pybind11.h>

#include "python/host_calls.hpp"
#include "python/interpreter.hpp"

namespace arrayfeed {

void flush_script_output() noexcept {
  try {
    Interpreter::host().flush_output();
  } catch (const pybind11::error_already_set&) {
    // The script replaced sys.stdout with something that fails; nothing to save.
  }
}

void send_script_prints_to_stderr() { Interpreter::host().prints_to_stderr(); }

}  // namespace arrayfeed

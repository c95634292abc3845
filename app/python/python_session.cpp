#include "python/python_session.hpp"

#include <exception>

#include "python/interpreter.hpp"
#include "python/python_error.hpp"

namespace arrayfeed {

int run_with_python(const std::function<int()>& command) {
  Interpreter interpreter;
  int code = 0;
  std::exception_ptr failure;
  try {
    try {
      code = command();
    } catch (pybind11::error_already_set& error) {
      rethrow_python_error(error, "the script gave the host something it cannot use:");
    }
  } catch (...) {
    failure = std::current_exception();
  }
  // Python would wait for these threads at exit anyway; here Ctrl-C while
  // waiting still gets its exit code.
  interpreter.wait_for_script_threads();
  if (failure) std::rethrow_exception(failure);
  return code;
}

}  // namespace arrayfeed

#include "python/python_error.hpp"

#include "core/errors.hpp"
#include "core/exit_code.hpp"
#include "core/early_exit.hpp"
#include "python/host_calls.hpp"
#include "python/interpreter.hpp"
#include "python/text.hpp"

namespace py = pybind11;

namespace arrayfeed {
namespace {

// SystemExit's code follows Python: None is 0, an int is itself (the system
// keeps its low 8 bits), anything else is printed and means 1.
EarlyExit system_exit(const py::object& exc) {
  const py::object code = exc.attr("code");
  const auto exit = [](int exit_code, std::string text) {
    return EarlyExit{.reason = EndReason::system_exit, .exit_code = exit_code, .text = std::move(text)};
  };
  if (code.is_none()) return exit(ExitSuccess, "SystemExit(None)");
  if (py::isinstance<py::int_>(code)) {
    int overflow = 0;
    const long n = PyLong_AsLongAndOverflow(code.ptr(), &overflow);
    if (overflow == 0) return exit(static_cast<int>(n), "SystemExit(" + std::to_string(n) + ")");
    return exit(ExitScriptFailed, "SystemExit(" + utf8_text(code) + "): too large for an exit code");
  }
  return exit(ExitScriptFailed, "SystemExit: " + utf8_text(code));
}

}  // namespace

std::string python_traceback(py::error_already_set& error) {
  // An exception raised from C (e.g. by close()) may come without a traceback.
  const py::object trace = error.trace() ? error.trace() : py::none();
  return Interpreter::host().format_exception(error.value(), trace);
}

void rethrow_python_error(py::error_already_set& error, std::string_view context) {
  if (error.matches(PyExc_SystemExit)) throw system_exit(error.value());
  if (error.matches(PyExc_KeyboardInterrupt)) throw interrupted();
  if (Interpreter::host().is_terminated(error)) throw terminated();
  throw ScriptError(std::string(context) + "\n" + python_traceback(error));
}

}  // namespace arrayfeed

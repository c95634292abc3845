#pragma once

#include <string_view>

#include <pybind11/pybind11.h>

namespace arrayfeed {

/// Turns the Python exception in `error` into the host's terms and throws:
/// SystemExit(n) -> EarlyExit{n}; KeyboardInterrupt -> EarlyExit{130};
/// SIGTERM -> EarlyExit{143}; anything else -> ScriptError with `context`
/// and Python's full traceback.
[[noreturn]] void rethrow_python_error(pybind11::error_already_set& error, std::string_view context);

/// Python's traceback text for `error`, without the host's own frames.
std::string python_traceback(pybind11::error_already_set& error);

}  // namespace arrayfeed

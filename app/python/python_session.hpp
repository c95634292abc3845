#pragma once

#include <functional>

namespace arrayfeed {

/// Runs `command` with the embedded interpreter alive: starts it, turns any
/// Python error that escapes the command into a typed error while Python can
/// still describe it, waits for threads the script left running, then stops
/// the interpreter. Returns the command's exit code.
int run_with_python(const std::function<int()>& command);

}  // namespace arrayfeed

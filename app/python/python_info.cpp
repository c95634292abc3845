#include "python/python_info.hpp"

#include "python/host_calls.hpp"
#include "python/interpreter.hpp"

namespace arrayfeed {

PythonInfo python_info() { return Interpreter::host().versions(); }

}  // namespace arrayfeed

#include "python/python_info.hpp"

#include <pybind11/pybind11.h>

#include "python/interpreter.hpp"
#include "python/text.hpp"

namespace py = pybind11;

namespace arrayfeed {

PythonInfo python_info() {
  const py::dict v = Interpreter::host().attr("versions")();
  PythonInfo info{
      .version = utf8_text(v["python"]),
      .executable = utf8_text(v["executable"]),
      .numpy_version = utf8_text(v["numpy"]),
      .prefix = utf8_text(v["prefix"]),
      .path = {},
  };
  for (const py::handle entry : v["path"]) info.path.push_back(utf8_text(entry));
  return info;
}

}  // namespace arrayfeed

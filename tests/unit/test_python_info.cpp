#include <doctest/doctest.h>

#include <pybind11/stl.h>

#include <string>

#include "python/python_info.hpp"

namespace py = pybind11;

TEST_CASE("python_info reports the embedded interpreter's versions, executable, prefix and path") {
  const arrayfeed::PythonInfo info = arrayfeed::python_info();
  const py::module_ sys = py::module_::import("sys");
  CHECK(info.version == py::str(sys.attr("version")).cast<std::string>().substr(0, info.version.size()));
  CHECK(info.version.find(' ') == std::string::npos);
  CHECK(info.numpy_version == py::module_::import("numpy").attr("__version__").cast<std::string>());
  CHECK(info.executable == sys.attr("executable").cast<std::string>());
  CHECK(info.prefix == sys.attr("prefix").cast<std::string>());
  CHECK(info.path == sys.attr("path").cast<std::vector<std::string>>());
}

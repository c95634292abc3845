#include <doctest/doctest.h>

#include <pybind11/eval.h>

#include "python/utf8_text.hpp"

namespace py = pybind11;
using arrayfeed::utf8_text;

TEST_CASE("Python text comes out as UTF-8") {
  CHECK(utf8_text(py::str("café ∑")) == "café ∑");
  CHECK(utf8_text(py::int_(42)) == "42");
}

TEST_CASE("characters UTF-8 cannot hold are escaped, not an error") {
  const py::object undecodable = py::eval("'caf\\udce9'");
  CHECK(utf8_text(undecodable) == "caf\\udce9");
}

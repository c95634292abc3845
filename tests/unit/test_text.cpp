#include <doctest/doctest.h>

#include <pybind11/eval.h>

#include "python/text.hpp"

namespace py = pybind11;
using arrayfeed::os_text;
using arrayfeed::utf8_text;

TEST_CASE("Python text comes out as UTF-8") {
  CHECK(utf8_text(py::str("café ∑")) == "café ∑");
  CHECK(utf8_text(py::int_(42)) == "42");
}

TEST_CASE("characters UTF-8 cannot hold are escaped, not an error") {
  const py::object undecodable = py::eval("'caf\\udce9'");
  CHECK(utf8_text(undecodable) == "caf\\udce9");
}

TEST_CASE("bytes from the system decode as Python would, undecodable ones as surrogates") {
  CHECK(os_text("gen.py").cast<std::string>() == "gen.py");
  CHECK(utf8_text(os_text("caf\xe9.py")) == "caf\\udce9.py");
}

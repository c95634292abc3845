#pragma once

#include <doctest/doctest.h>

#include <pybind11/pybind11.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <string>

#include "python/host_calls.hpp"
#include "python/interpreter.hpp"
#include "python/script_iterator.hpp"

// Helpers for the python layer's tests: fixture scripts (tests/unit/scripts)
// imported and started as the host imports and starts a user's script.
namespace python_test {

namespace py = pybind11;

/// The path of fixture script `name`.
inline std::filesystem::path fixture_path(const std::string& name) {
  return std::filesystem::path(ARRAYFEED_UNIT_SCRIPTS) / name;
}

/// Fixture script `name`, imported afresh: its module-level state starts anew.
inline py::object fixture(const std::string& name) {
  return arrayfeed::Interpreter::host().load_script(fixture_path(name));
}

/// `module`'s function `entry`, called as a run calls its entry (with `ctx`
/// when it takes an argument), as the iterator the run drives.
inline arrayfeed::ScriptIterator started(const py::object& module, const std::string& entry,
                                         const py::object& ctx = py::none()) {
  py::object function = module.attr(entry.c_str());
  return arrayfeed::ScriptIterator(arrayfeed::Interpreter::host().start(function, ctx, entry), function);
}

/// "PATH:LINE" of the first line of fixture `name` that contains `text`, as
/// tracebacks and yield locations name it.
inline std::string line_of(const std::string& name, const std::string& text) {
  std::ifstream in(fixture_path(name));
  std::string line;
  for (int number = 1; std::getline(in, line); ++number)
    if (line.find(text) != std::string::npos) return fixture_path(name).string() + ":" + std::to_string(number);
  FAIL("no line of " << name << " contains " << text);
  return {};
}

/// The `Error` that `call` throws; fails the test when it throws nothing.
template <typename Error, typename Call>
Error thrown(Call&& call) {
  std::optional<Error> error;
  try {
    call();
  } catch (const Error& e) {
    error = e;
  }
  REQUIRE_MESSAGE(error.has_value(), "nothing was thrown");
  return *error;
}

inline bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace python_test

/// Checks that `text` contains `part`, showing the whole text when it does not.
#define CHECK_CONTAINS(text, part) CHECK_MESSAGE(python_test::contains(text, part), "in: " << (text))

#include <doctest/doctest.h>

#include <pybind11/pybind11.h>

#include <string>

#include "core/early_exit.hpp"
#include "core/errors.hpp"
#include "python/script_iterator.hpp"
#include "python_test_support.hpp"

using namespace arrayfeed;
using namespace python_test;

namespace {

const char* const kScript = "iterations.py";

/// The first element of `item`, a float array.
double first(const py::object& item) {
  REQUIRE(item);
  return item.attr("flat")[py::int_(0)].cast<double>();
}

/// What the fixture's generators were sent back, as Python writes the list.
std::string received(const py::object& module) { return py::repr(module.attr("received")).cast<std::string>(); }

}  // namespace

TEST_CASE("a generator's items come in order, each result going back out of its yield") {
  const py::object module = fixture(kScript);
  ScriptIterator it = started(module, "counting");
  CHECK(it.sends_results());
  CHECK_FALSE(it.length());
  CHECK(first(it.next(py::none())) == 0.0);
  CHECK(first(it.next(py::int_(10))) == 1.0);
  CHECK(first(it.next(py::float_(2.5))) == 2.0);
  CHECK(received(module) == "[10, 2.5]");
  CHECK_FALSE(it.next(py::none()));  // StopIteration: the end, not an error
  CHECK(received(module) == "[10, 2.5, None]");
}

TEST_CASE("a generator that returns a value ends as one that runs out") {
  ScriptIterator it = started(fixture(kScript), "returning");
  CHECK(it.next(py::none()));
  CHECK_FALSE(it.next(py::none()));
}

TEST_CASE("a plain iterable gives its items without taking results; its length is known") {
  ScriptIterator it = started(fixture(kScript), "plain_list");
  CHECK_FALSE(it.sends_results());
  CHECK(it.length() == 2);
  CHECK(first(it.next(py::int_(1))) == 0.0);
  CHECK(first(it.next(py::none())) == 1.0);
  CHECK_FALSE(it.next(py::none()));
}

TEST_CASE("yield from a plain iterator gets None instead of a result; from a generator, the result") {
  const py::object module = fixture(kScript);
  ScriptIterator it = started(module, "delegating");
  CHECK(first(it.next(py::none())) == 0.0);
  CHECK(first(it.next(py::int_(5))) == 1.0);  // Python itself would raise AttributeError
  CHECK(first(it.next(py::int_(6))) == 0.0);  // counting's first
  CHECK(first(it.next(py::int_(7))) == 1.0);
  CHECK(received(module) == "[7]");
}

TEST_CASE("where() names the yield the generator stands at, through yield from, else the entry") {
  ScriptIterator counting = started(fixture(kScript), "counting");
  counting.next(py::none());
  CHECK(counting.where() == line_of(kScript, "# counting's yield"));

  ScriptIterator delegating = started(fixture(kScript), "delegating");
  for (int i = 0; i < 3; ++i) delegating.next(py::none());
  CHECK(delegating.where() == line_of(kScript, "# counting's yield"));

  ScriptIterator returning = started(fixture(kScript), "returning");
  while (returning.next(py::none())) {
  }
  CHECK(returning.where() == line_of(kScript, "def returning():"));
  CHECK(started(fixture(kScript), "plain_list").where() == line_of(kScript, "def plain_list():"));
}

TEST_CASE("an exception in the script is a ScriptError with Python's traceback: file, line and message") {
  ScriptIterator it = started(fixture(kScript), "failing");
  it.next(py::none());
  const std::string error = thrown<ScriptError>([&] { it.next(py::none()); }).what();
  const std::string at = line_of(kScript, "# failing's raise");
  const std::string line = at.substr(at.rfind(':') + 1);
  CHECK_CONTAINS(error, "the script raised an exception:\nTraceback (most recent call last):\n");
  CHECK_CONTAINS(error, "  File \"" + fixture_path(kScript).string() + "\", line " + line + ", in failing\n");
  CHECK_CONTAINS(error, "\nValueError: no more data");
  CHECK_FALSE(contains(error, "<arrayfeed"));  // no frames of the host's own helpers
}

TEST_CASE("SystemExit, Ctrl-C and SIGTERM in the script are early exits with their codes") {
  ScriptIterator exiting = started(fixture(kScript), "exiting");
  exiting.next(py::none());
  const EarlyExit exit = thrown<EarlyExit>([&] { exiting.next(py::none()); });
  CHECK(exit.reason == EndReason::system_exit);
  CHECK(exit.exit_code == 4);
  CHECK(exit.text == "SystemExit(4)");

  ScriptIterator interrupted = started(fixture(kScript), "interrupted");
  const EarlyExit ctrl_c = thrown<EarlyExit>([&] { interrupted.next(py::none()); });
  CHECK(ctrl_c.reason == EndReason::interrupted);
  CHECK(ctrl_c.exit_code == 130);

  ScriptIterator terminated = started(fixture(kScript), "terminated");
  const EarlyExit sigterm = thrown<EarlyExit>([&] { terminated.next(py::none()); });
  CHECK(sigterm.reason == EndReason::terminated);
  CHECK(sigterm.exit_code == 143);
  CHECK(sigterm.text == "terminated (SIGTERM)");
}

TEST_CASE("close() runs a generator's finally: blocks; a plain iterator has none") {
  const py::object module = fixture(kScript);
  ScriptIterator it = started(module, "closing");
  it.next(py::none());
  CHECK(py::len(module.attr("finished")) == 0);
  it.close();
  CHECK(py::repr(module.attr("finished")).cast<std::string>() == "['closing']");
  started(module, "plain_list").close();
}

TEST_CASE("a finally: block that fails on close() is a ScriptError with its traceback") {
  ScriptIterator it = started(fixture(kScript), "failing_cleanup");
  it.next(py::none());
  const std::string error = thrown<ScriptError>([&] { it.close(); }).what();
  CHECK_CONTAINS(error, "the generator's clean-up (close) failed:\nTraceback (most recent call last):\n");
  CHECK_CONTAINS(error, "\nRuntimeError: cleanup failed");
}

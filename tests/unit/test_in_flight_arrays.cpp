#include <doctest/doctest.h>

#include <pybind11/pybind11.h>

#include <utility>
#include <vector>

#include "python/in_flight_arrays.hpp"
#include "python/numpy_view.hpp"
#include "python_test_support.hpp"

using namespace arrayfeed;
using namespace python_test;

namespace {

/// The arrays of in_flight.py, made afresh.
struct Arrays {
  py::object module = fixture("in_flight.py");

  py::object make(const char* name) const { return module.attr(name)(); }
  py::object base() const { return module.attr("base"); }
};

ImportedArray imported_array(const py::object& array,
                             ImportedArray::Source source = ImportedArray::Source::script_array) {
  return {view_of(array.ptr()), array, source};
}

/// A step of the one `array`.
ImportedStep imported(const py::object& array, ImportedArray::Source source = ImportedArray::Source::script_array) {
  return {{imported_array(array, source)}};
}

void hold(InFlightArrays& in_flight, ImportedStep&& step) {
  StepInputs inputs;
  in_flight.hold(std::move(step), inputs);
}

bool writeable(const py::object& array) { return array.attr("flags").attr("writeable").cast<bool>(); }

/// A weak reference to `array`: alive() while anything holds the array.
struct Watched {
  explicit Watched(const py::object& array) : ref(py::module_::import("weakref").attr("ref")(array)) {}
  bool alive() const { return !ref().is_none(); }
  py::object ref;
};

}  // namespace

TEST_CASE("an array held is read-only, with the array it views, until it is released") {
  const Arrays arrays;
  const py::object half = arrays.make("first_half");
  InFlightArrays in_flight;
  hold(in_flight, imported(half));
  CHECK_FALSE(writeable(half));
  CHECK_FALSE(writeable(arrays.base()));
  in_flight.release_oldest();
  CHECK(writeable(half));
  CHECK(writeable(arrays.base()));
}

TEST_CASE("arrays viewing one base keep it read-only until the last of them is released") {
  const Arrays arrays;
  const py::object first = arrays.make("first_half");
  const py::object second = arrays.make("second_half");
  InFlightArrays in_flight;
  hold(in_flight, imported(first));
  hold(in_flight, imported(second));
  in_flight.release_oldest();
  CHECK(writeable(first));
  CHECK_FALSE(writeable(second));
  CHECK_FALSE(writeable(arrays.base()));
  in_flight.release_oldest();
  CHECK(writeable(second));
  CHECK(writeable(arrays.base()));
}

TEST_CASE("an array that was read-only before stays read-only after release") {
  const py::object read_only = Arrays().make("read_only");
  InFlightArrays in_flight;
  hold(in_flight, imported(read_only));
  in_flight.release_oldest();
  CHECK_FALSE(writeable(read_only));
}

TEST_CASE("a private copy (--convert) is held but not guarded: nobody else can write it") {
  const py::object copy = Arrays().make("owned");
  InFlightArrays in_flight;
  hold(in_flight, imported(copy, ImportedArray::Source::private_copy));
  CHECK(writeable(copy));
}

TEST_CASE("an array held stays alive when the script drops it, until it is released") {
  InFlightArrays in_flight;
  py::object array = Arrays().make("owned");
  const Watched watched(array);
  hold(in_flight, imported(array));
  array = py::object();
  CHECK(watched.alive());
  in_flight.release_oldest();
  CHECK_FALSE(watched.alive());
}

TEST_CASE("arrays are released oldest first, as the ring of held arrays wraps and grows") {
  const Arrays arrays;
  InFlightArrays in_flight;
  std::vector<Watched> watched;
  const auto hold_new = [&] {
    py::object array = arrays.make("owned");
    watched.emplace_back(array);
    hold(in_flight, imported(array));
  };
  for (int i = 0; i < 2; ++i) hold_new();
  in_flight.release_oldest();
  for (int i = 0; i < 4; ++i) hold_new();  // wraps around, then grows
  CHECK_FALSE(watched[0].alive());
  for (std::size_t released = 1; released < watched.size(); ++released) {
    CAPTURE(released);
    CHECK(watched[released].alive());
    in_flight.release_oldest();
    CHECK_FALSE(watched[released].alive());
  }
}

TEST_CASE("release_all, and the destructor, let go of every array and make each writeable again") {
  const Arrays arrays;
  const py::object first = arrays.make("first_half");
  const py::object second = arrays.make("second_half");
  py::object owned = arrays.make("owned");
  const Watched watched(owned);
  {
    InFlightArrays in_flight;
    hold(in_flight, imported(first));
    hold(in_flight, imported(std::exchange(owned, py::object())));
    in_flight.release_all();
    CHECK(writeable(first));
    CHECK(writeable(arrays.base()));
    CHECK_FALSE(watched.alive());

    hold(in_flight, imported(second));
    CHECK_FALSE(writeable(arrays.base()));
  }
  CHECK(writeable(second));
  CHECK(writeable(arrays.base()));
}

TEST_CASE("each step's views of its other inputs stay valid while it is held, as more steps come") {
  const Arrays arrays;
  InFlightArrays in_flight;
  std::vector<py::object> weights;
  std::vector<StepInputs> steps(9);
  for (StepInputs& step : steps) {  // more steps than the ring first holds: it grows meanwhile
    weights.push_back(arrays.make("owned"));
    in_flight.hold({{imported_array(arrays.make("owned")), imported_array(weights.back())}, 0}, step);
  }
  for (std::size_t i = 0; i < steps.size(); ++i) {
    REQUIRE(steps[i].rest.size() == 1);
    CHECK(steps[i].rest[0].data == view_of(weights[i].ptr()).data);
    CHECK_FALSE(writeable(weights[i]));
  }
  in_flight.release_oldest();
  CHECK(writeable(weights[0]));
  CHECK_FALSE(writeable(weights[1]));
}

#include <doctest/doctest.h>

#include <pybind11/pybind11.h>

#include <memory>
#include <string>
#include <vector>

#include "core/errors.hpp"
#include "python/numpy_view.hpp"
#include "python/script.hpp"
#include "python/script_source.hpp"
#include "python_test_support.hpp"

using namespace arrayfeed;
using namespace python_test;

namespace {

const char* const kScript = "sources.py";

/// sources.py's `entry` started as a run starts it, for kernel 'probe' that
/// reads float64 vectors, with what its ScriptSource refers to.
struct Started {
  explicit Started(const std::string& entry, bool convert = false, Params run_params = {})
      : params(std::move(run_params)), script(Script::from_file(fixture_path(kScript), entry)) {
    source = script.start(
        {.params = params, .data = data, .kernel_name = kernel, .kernel_description = description,
         .inputs = inputs, .ranks = ranks, .convert = convert});
  }
  /// The module, as the script's own code sees it.
  py::object module() const { return py::module_::import("sources"); }

  Params params;
  LoadedData data{std::vector<DataSpec>{}};
  std::string kernel = "probe";
  std::string description = "reads float64 vectors";
  KernelInputs inputs = one_input({.dtypes = {dtypes::float64}, .min_ndim = 1, .max_ndim = 1});
  SoloCommunicator ranks;
  Script script;
  std::unique_ptr<ScriptSource> source;
};

bool writeable(py::handle array) { return array.attr("flags").attr("writeable").cast<bool>(); }

std::string repr(py::handle object) { return py::repr(object).cast<std::string>(); }

}  // namespace

TEST_CASE("next() gives each array in place, the script's own memory") {
  Started run("keeps_arrays");
  SourcedArray array;
  for (std::size_t i = 0; i < 3; ++i) {
    CAPTURE(i);
    const RunClock::time_point before = RunClock::now();
    REQUIRE(run.source->next({.done = i == 0 ? 0u : 1u}, array));
    const py::object script_array = run.module().attr("yielded")[py::int_(i)];
    CHECK(array.inputs.first.data == view_of(script_array.ptr()).data);
    CHECK(array.inputs.first.shape[0] == 2);
    CHECK(array.made_at.ns >= before.ns);
    CHECK(array.made_at.ns <= RunClock::now().ns);
  }
  CHECK_FALSE(run.source->next({.done = 1}, array));
}

TEST_CASE("each result goes back out of the generator's yield: a value, named values, or None") {
  Started run("generate");
  SourcedArray array;
  const KernelResult value = Value{std::int64_t{7}};
  const KernelResult named = NamedValues{{"mean", 2.5}};
  const KernelResult nothing;
  REQUIRE(run.source->next({}, array));
  REQUIRE(run.source->next({.done = 1, .result = &value}, array));
  REQUIRE(run.source->next({.done = 1, .result = &named}, array));
  REQUIRE(run.source->next({.done = 1, .result = &nothing}, array));
  CHECK_FALSE(run.source->next({.done = 1, .result = nullptr}, array));
  CHECK(repr(run.module().attr("received")) == "[7, {'mean': 2.5}, None, None]");
}

TEST_CASE("a plain iterable's length is known and results are not sent into it") {
  Started run("from_list");
  CHECK(run.source->length() == 2);
  SourcedArray array;
  const KernelResult value = Value{1.5};
  CHECK(run.source->next({}, array));
  CHECK(run.source->next({.done = 1, .result = &value}, array));
  CHECK_FALSE(run.source->next({.done = 1, .result = &value}, array));
}

TEST_CASE("ctx holds the params (typed ones as the values they spell), the data and the kernel's contract") {
  Started run("shows_ctx", false, {{"steps", Param("3", true)}, {"when", Param("2024-05-01", true)}, {"name", "x"}});
  SourcedArray array;
  REQUIRE(run.source->next({}, array));
  const py::object ctx = run.module().attr("received")[py::int_(0)];
  CHECK(repr(ctx.attr("params")) == "{'name': 'x', 'steps': 3, 'when': datetime.date(2024, 5, 1)}");
  CHECK(repr(ctx.attr("data")) == "{}");
  const py::object kernel = ctx.attr("kernel");
  CHECK(kernel.attr("name").cast<std::string>() == "probe");
  CHECK(kernel.attr("description").cast<std::string>() == "reads float64 vectors");
  CHECK(repr(kernel.attr("contract").attr("dtypes")) == "['float64']");
  CHECK(kernel.attr("contract").attr("text").cast<std::string>() == "float64, 1-d, C-contiguous");
}

TEST_CASE("an entry that returns something not iterable is a ScriptError naming the call and the fix") {
  const std::string error = thrown<ScriptError>([] { Started run("not_iterable"); }).what();
  CHECK_CONTAINS(error, "calling not_iterable() in " + fixture_path(kScript).string() + " failed:\n");
  CHECK_CONTAINS(error, "TypeError: not_iterable() returned int, which is not iterable: make not_iterable a "
                        "generator (use yield) or return an iterable of arrays");
}

TEST_CASE("an array the kernel cannot read is a ScriptError naming its yield and line") {
  Started run("wrong_dtype");
  SourcedArray array;
  REQUIRE(run.source->next({}, array));
  CHECK_THROWS_WITH_AS(run.source->next({.done = 1}, array),
                       doctest::Contains(("yield #2 at " + line_of(kScript, "# wrong_dtype's refused yield") +
                                          ": kernel 'probe' cannot read it in place")
                                             .c_str()),
                       ScriptError);
}

TEST_CASE("guarded, each array stays held and read-only until the kernel is done with it") {
  Started run("keeps_arrays");
  run.source->guard_in_flight();
  SourcedArray array;
  REQUIRE(run.source->next({}, array));
  REQUIRE(run.source->next({.done = 0}, array));
  const py::object yielded = run.module().attr("yielded");
  CHECK_FALSE(writeable(yielded[py::int_(0)]));
  CHECK_FALSE(writeable(yielded[py::int_(1)]));
  REQUIRE(run.source->next({.done = 1}, array));
  CHECK(writeable(yielded[py::int_(0)]));
  CHECK_FALSE(writeable(yielded[py::int_(1)]));
  CHECK_FALSE(writeable(yielded[py::int_(2)]));
  run.source->close();
  for (const py::handle held : yielded) CHECK(writeable(held));
}

TEST_CASE("unguarded, the arrays stay writeable: only the newest is held") {
  Started run("keeps_arrays");
  SourcedArray array;
  REQUIRE(run.source->next({}, array));
  REQUIRE(run.source->next({.done = 1}, array));
  for (const py::handle held : run.module().attr("yielded")) CHECK(writeable(held));
}

TEST_CASE("guarded, a script writing into an array in flight gets a ScriptError with the hint") {
  Started run("writes_in_flight");
  run.source->guard_in_flight();
  SourcedArray array;
  REQUIRE(run.source->next({}, array));
  const std::string error = thrown<ScriptError>([&] { run.source->next({.done = 0}, array); }).what();
  CHECK_CONTAINS(error, "the script raised an exception:\nTraceback (most recent call last):\n");
  CHECK_CONTAINS(error, "ValueError: assignment destination is read-only\n"
                        "  hint: with --prefetch/--threads an array is read-only until the kernel is done with it");
}

TEST_CASE("the copies --convert makes are counted by the source") {
  Started run("float32s", true);
  SourcedArray array;
  while (run.source->next({.done = 1}, array)) CHECK(array.inputs.first.dtype == dtypes::float64);
  CHECK(run.source->copies().copies == 3);
  CHECK(run.source->copies().bytes == 3 * 2 * 8);
}

TEST_CASE("close() runs the generator's finally: blocks") {
  Started run("generate");
  SourcedArray array;
  REQUIRE(run.source->next({}, array));
  CHECK(repr(run.module().attr("finished")) == "[]");
  run.source->close();
  CHECK(repr(run.module().attr("finished")) == "['generate']");
}

TEST_CASE("the first array's full check is timed apart (check_ns); an array like it takes the fast path, untimed") {
  Started run("keeps_arrays");
  SourcedArray array;
  REQUIRE(run.source->next({}, array));
  CHECK(array.check_ns > 0);
  CHECK(array.handed_over().ns == array.made_at.ns - array.check_ns);
  REQUIRE(run.source->next({.done = 1}, array));
  CHECK(array.check_ns == 0);
  CHECK(array.handed_over().ns == array.made_at.ns);
}

#include <doctest/doctest.h>

#include <pybind11/eval.h>

#include <string>

#include "core/errors.hpp"
#include "python/data_loader.hpp"
#include "python/data_views.hpp"
#include "python/numpy_view.hpp"
#include "python_test_support.hpp"
#include "temp_dir.hpp"

using namespace arrayfeed;
using namespace python_test;

namespace {

/// `expression` (NumPy as np) saved as `name` in `dir`.
std::filesystem::path saved(const TempDir& dir, const std::string& name, const char* expression) {
  py::dict names;
  names["np"] = py::module_::import("numpy");
  const std::filesystem::path path = dir / name;
  names["np"].attr("save")(path.string(), py::eval(expression, names));
  return path;
}

std::string load_error(const DataSpec& spec) {
  return thrown<BackendError>([&] { LoadedData({spec}); }).what();
}

}  // namespace

TEST_CASE("a data set is NumPy's read-only mapping of the file: kernels and ctx.data see the same memory") {
  const TempDir dir;
  const LoadedData data({{"A", saved(dir, "a.npy", "np.arange(6.0).reshape(2, 3)")}});
  const DataSet& set = data.sets().require("A");
  const py::object array = data.views().dict["A"];
  CHECK(array.get_type().is(py::module_::import("numpy").attr("ndarray")));  // not a memmap
  CHECK_FALSE(array.attr("flags").attr("writeable").cast<bool>());
  CHECK(set.data == view_of(array.ptr()).data);
  CHECK(set.dtype == dtypes::float64);
  CHECK(set.shape == std::vector<std::ptrdiff_t>{2, 3});
  CHECK(static_cast<const double*>(set.data)[5] == 5.0);
}

TEST_CASE("a data set that cannot be loaded is a BackendError naming it, its file and why") {
  const TempDir dir;
  const std::filesystem::path missing = dir / "missing.npy";
  CHECK(load_error({"A", missing}) ==
        "data set 'A' ('" + missing.string() + "'): no such file; check the PATH in --data NAME=PATH");
  CHECK_CONTAINS(load_error({"A", saved(dir, "text.npy", "np.array(['one'])")}),
                 "): dtype <U3 is not supported: data sets hold numbers or booleans");
  CHECK_CONTAINS(load_error({"A", dir / ""}), "): is a directory, not a .npy file");
  CHECK_CONTAINS(load_error({"A", dir.write("not.npy", "plain text")}), "): not a readable .npy file (");
  const std::filesystem::path ok = saved(dir, "ok.npy", "np.zeros(2)");
  CHECK_THROWS_WITH_AS(LoadedData({{"A", ok}, {"A", ok}}), doctest::Contains("data set 'A' is given twice"),
                       BackendError);
}

#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "core/errors.hpp"
#include "kernel_test_support.hpp"
#include "kernels/matvec_kernel.hpp"
#include "python/numpy_view.hpp"

using namespace arrayfeed;
using namespace kernel_test;

namespace {

// Against NumPy's float64 A @ x on the same (widened) data, per element:
//   float64: |y - ref| <= 1e-12 * (|A| @ |x|)   (summation order only)
//   float32: |y - ref| <= 1e-7 * |ref| + 1e-12 * (|A| @ |x|)   (one float32 rounding
//            of a float64 sum; a float32 sum would be off by ~1e-4 here)
template <typename T>
void check_close(const std::vector<T>& got, const py::object& ref, const py::object& scale) {
  const std::vector<double> want = elements_of<double>(ref), bound = elements_of<double>(scale);
  REQUIRE(got.size() == want.size());
  const double rtol = sizeof(T) == 4 ? 1e-7 : 0.0;
  for (std::size_t i = 0; i < got.size(); ++i)
    CHECK(std::fabs(got[i] - want[i]) <= rtol * std::fabs(want[i]) + 1e-12 * bound[i]);
}

DataSets with_a(const DataSet& a) {
  DataSets sets;
  sets.add("A", a);
  return sets;
}

}  // namespace

TEST_CASE_TEMPLATE("matvec multiplies (d,) and (m, d) inputs as NumPy's A @ x does", T, float, double) {
  const std::ptrdiff_t k = 37, d = 4001, m = 3;
  const std::vector<T> a = normal_values<T>(k * d, 1), x = normal_values<T>(d, 2), xs = normal_values<T>(m * d, 3);
  MatvecKernel kernel;
  kernel.init({}, with_a(data_set_over(a, {k, d})));
  const py::array a_np = numpy_over(a, {k, d}), x_np = numpy_over(x, {d}), xs_np = numpy_over(xs, {m, d});
  py::dict names;
  names["A"] = a_np;
  names["x"] = x_np;
  names["xs"] = xs_np;

  KernelResult one, many;
  kernel.process(view_of(x_np), one);
  check_close(elements_of<T>(std::get<ResultArray>(std::get<Value>(one)), {k}),
              numpy_eval("A.astype(np.float64) @ x.astype(np.float64)", names),
              numpy_eval("np.abs(A.astype(np.float64)) @ np.abs(x.astype(np.float64))", names));
  kernel.process(view_of(xs_np), many);
  check_close(elements_of<T>(std::get<ResultArray>(std::get<Value>(many)), {m, k}),
              numpy_eval("(xs.astype(np.float64) @ A.astype(np.float64).T).ravel()", names),
              numpy_eval("(np.abs(xs.astype(np.float64)) @ np.abs(A.astype(np.float64)).T).ravel()", names));

  const NamedValues summary = kernel.finish();
  CHECK(std::get<std::int64_t>(value_named(summary, "rows")) == k);
  CHECK(std::get<std::int64_t>(value_named(summary, "columns")) == d);
  CHECK(std::get<std::int64_t>(value_named(summary, "vectors")) == 1 + m);
}

TEST_CASE("after init, matvec takes only A's dtype and A's width") {
  const std::vector<float> a(6, 1.0f);
  MatvecKernel kernel;
  CHECK(kernel.contract().dtypes.size() == 2);
  CHECK(kernel.contract().last_dim == 0);
  kernel.init({}, with_a(data_set_over(a, {2, 3})));
  const InputContract& contract = kernel.contract();
  CHECK(contract.describe() ==
        "float32, 1-d to 2-d, last dimension 3, C-contiguous (dtype and last dimension = those of data set A)");

  const std::vector<float> f3(3), f4(4), f12(12);
  const std::vector<double> d3(3);
  CHECK_FALSE(check_input(contract, view_of(numpy_over(f3, {3}))));
  CHECK_FALSE(check_input(contract, view_of(numpy_over(f12, {4, 3}))));
  CHECK(check_input(contract, view_of(numpy_over(f4, {4}))));              // wrong width
  CHECK(check_input(contract, view_of(numpy_over(d3, {3}))));              // float64, A is float32
  CHECK(check_input(contract, view_of(numpy_over(f12, {2, 2, 3}))));       // 3-d
  CHECK(check_input(contract, view_of(numpy_over(f12, {3, 3}, {4, 12})))); // not C-contiguous
}

TEST_CASE("matvec of no vectors, or with an A of no rows, is empty") {
  const std::vector<double> a(6, 1.0), none, x(3, 1.0);
  MatvecKernel kernel;
  kernel.init({}, with_a(data_set_over(a, {2, 3})));
  KernelResult result;
  kernel.process(view_of(numpy_over(none, {0, 3})), result);
  CHECK(std::get<ResultArray>(std::get<Value>(result)).shape() == Shape{0, 2});

  MatvecKernel no_rows;
  no_rows.init({}, with_a(data_set_over(none, {0, 3})));
  no_rows.process(view_of(numpy_over(x, {3})), result);
  CHECK(std::get<ResultArray>(std::get<Value>(result)).shape() == Shape{0});
}

TEST_CASE("matvec refuses a missing or unusable A, saying how to fix it") {
  MatvecKernel kernel;
  CHECK_THROWS_WITH_AS(kernel.init({}, DataSets{}),
                       "it needs a data set named 'A': add --data A=PATH.npy (loaded: none)",
                       BackendError);

  const std::vector<double> a(12, 1.0);
  CHECK_THROWS_WITH_AS(kernel.init({}, with_a(data_set_over(a, {3, 4}, {8, 24}))),
                       doctest::Contains("Fortran-ordered (column-major); kernel 'matvec' reads it in place, so it "
                                         "must be float32 or float64 in native byte order and C-contiguous: save it "
                                         "with np.save(path, np.ascontiguousarray(A, dtype=np.float64))"),
                       BackendError);
  CHECK_THROWS_WITH_AS(kernel.init({}, with_a(data_set_over(a, {12}))),
                       doctest::Contains("shape (12,), strides (8,), C-contiguous; kernel 'matvec' needs it 2-d"),
                       BackendError);
  CHECK_THROWS_WITH_AS(kernel.init({}, with_a(data_set_over(a, {4, 0}))),
                       doctest::Contains("has shape (4, 0): it needs at least one column"), BackendError);

  const std::vector<float> floats(4);
  DataSet big_endian = data_set_over(floats, {2, 2});
  big_endian.dtype.native_order = false;
  CHECK_THROWS_WITH_AS(kernel.init({}, with_a(big_endian)),
                       doctest::Contains("np.ascontiguousarray(A, dtype=np.float32)"), BackendError);
  DataSet ints = data_set_over(a, {3, 4});
  ints.dtype = DType{.kind = 'i', .itemsize = 8};
  CHECK_THROWS_WITH_AS(kernel.init({}, with_a(ints)), doctest::Contains("is int64 (<i8)"), BackendError);
}

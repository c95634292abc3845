#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "core/errors.hpp"
#include "kernel_test_support.hpp"
#include "kernels/lsq_kernel.hpp"
#include "python/numpy_view.hpp"

using namespace arrayfeed;
using namespace kernel_test;

namespace {

DataSets x_and_y(const DataSet& x, const DataSet& y) {
  DataSets sets;
  sets.add("X", x);
  sets.add("y", y);
  return sets;
}

// NumPy's float64 loss and gradient on the same (widened) X, y and w.
struct Reference {
  double loss;
  std::vector<double> grad;
  std::vector<double> scale;  ///< 2/n |X|^T |r|: the size of the terms each grad element sums
};

template <typename T>
Reference reference(const std::vector<T>& x, const std::vector<T>& y, const std::vector<T>& w, Shape shape) {
  py::dict names;
  names["X"] = numpy_over(x, shape).attr("astype")("float64");
  names["y"] = numpy_over(y, {shape[0]}).attr("astype")("float64");
  names["w"] = numpy_over(w, {shape[1]}).attr("astype")("float64");
  const py::tuple r = numpy_eval(
      "(lambda r: (np.mean(r ** 2), 2 / len(y) * (X.T @ r), 2 / len(y) * (np.abs(X).T @ np.abs(r))))(X @ w - y)",
      names);
  return {r[0].cast<double>(), elements_of<double>(r[1]), elements_of<double>(r[2])};
}

}  // namespace

// Tolerances against NumPy's float64 result. float64 data: loss rtol 1e-12, grad
// |g - ref| <= 1e-12 * scale. float32 data are summed in float32 over a row's
// 16 products and over blocks of 64 rows before float64 takes over, so up to
// about 80 roundings of 2^-24 (5e-6) of the terms' size: loss rtol 1e-5, grad
// 5e-6 * scale, plus 1e-7 * |ref| for the one rounding of each grad element to float32.
TEST_CASE_TEMPLATE("lsq gives NumPy's mean((Xw - y)^2) and 2/n X^T (Xw - y)", T, float, double) {
  const std::ptrdiff_t n = 50'021, d = 16;  // 4 chunks of rows: on every core this test may use
  const std::vector<T> x = normal_values<T>(n * d, 11), noise = normal_values<T>(n, 12);
  const std::vector<T> w_true = normal_values<T>(d, 13), w1 = normal_values<T>(d, 14), w2 = normal_values<T>(d, 15);
  std::vector<T> y(n);
  for (std::ptrdiff_t i = 0; i < n; ++i) {
    double sum = 0;
    for (std::ptrdiff_t j = 0; j < d; ++j) sum += double(x[i * d + j]) * double(w_true[j]);
    y[i] = static_cast<T>(sum + 0.1 * noise[i]);
  }
  LsqKernel kernel;
  kernel.init({}, x_and_y(data_set_over(x, {n, d}), data_set_over(y, {n})));

  double last_loss = 0;
  for (const std::vector<T>* w : {&w1, &w2}) {
    KernelResult result;
    kernel.process(view_of(numpy_over(*w, {d})), result);
    const NamedValues& named = std::get<NamedValues>(result);
    const Reference ref = reference(x, y, *w, {n, d});
    last_loss = std::get<double>(value_named(named, "loss"));
    CHECK(last_loss == doctest::Approx(ref.loss).epsilon(sizeof(T) == 4 ? 1e-5 : 1e-12));
    const std::vector<T> grad = elements_of<T>(std::get<ResultArray>(value_named(named, "grad")), {d});
    const double rtol = sizeof(T) == 4 ? 1e-7 : 0.0, stol = sizeof(T) == 4 ? 5e-6 : 1e-12;
    for (std::ptrdiff_t j = 0; j < d; ++j)
      CHECK(std::fabs(grad[j] - ref.grad[j]) <= rtol * std::fabs(ref.grad[j]) + stol * ref.scale[j]);
  }

  const NamedValues summary = kernel.finish();
  CHECK(std::get<std::int64_t>(value_named(summary, "calls")) == 2);
  CHECK(std::get<std::int64_t>(value_named(summary, "n")) == n);
  CHECK(std::get<std::int64_t>(value_named(summary, "d")) == d);
  CHECK(std::get<double>(value_named(summary, "last_loss")) == last_loss);
}

TEST_CASE("a perfect fit has zero loss and gradient; before any call the last loss is NaN") {
  // y = X (1, 1): every residual is exactly 0.
  const std::vector<double> x{1, 2, 3, 4, 5, 6}, y{3, 7, 11}, w{1, 1};
  LsqKernel kernel;
  kernel.init({}, x_and_y(data_set_over(x, {3, 2}), data_set_over(y, {3})));
  CHECK(std::isnan(std::get<double>(value_named(kernel.finish(), "last_loss"))));
  KernelResult result;
  kernel.process(view_of(numpy_over(w, {2})), result);
  CHECK(std::get<double>(value_named(std::get<NamedValues>(result), "loss")) == 0.0);
  CHECK(elements_of<double>(std::get<ResultArray>(value_named(std::get<NamedValues>(result), "grad")), {2}) ==
        std::vector<double>{0.0, 0.0});
}

TEST_CASE("after init, lsq takes only weights of X's dtype and width") {
  const std::vector<double> x(12, 1.0), y(4, 1.0);
  LsqKernel kernel;
  CHECK(kernel.contract().last_dim == 0);
  kernel.init({}, x_and_y(data_set_over(x, {4, 3}), data_set_over(y, {4})));
  const InputContract& contract = kernel.contract();
  CHECK(contract.describe() == "float64, 1-d, last dimension 3, C-contiguous (dtype = that of data set X, "
                               "length = its columns)");
  const std::vector<double> d3(3), d4(4), d6(6);
  const std::vector<float> f3(3);
  CHECK_FALSE(check_input(contract, view_of(numpy_over(d3, {3}))));
  CHECK(check_input(contract, view_of(numpy_over(d4, {4}))));     // wrong width
  CHECK(check_input(contract, view_of(numpy_over(f3, {3}))));     // float32, X is float64
  CHECK(check_input(contract, view_of(numpy_over(d6, {2, 3}))));  // a batch of weights: 2-d
}

TEST_CASE("lsq refuses missing, mismatched or unusable X and y, saying how to fix them") {
  const std::vector<double> x(15, 1.0), y4(4, 1.0), y5(5, 1.0);
  const std::vector<float> y5f(5, 1.0f);
  LsqKernel kernel;
  DataSets only_x;
  only_x.add("X", data_set_over(x, {5, 3}));
  CHECK_THROWS_WITH_AS(kernel.init({}, only_x),
                       "it needs a data set named 'y': add --data y=PATH.npy (loaded: X)", BackendError);
  CHECK_THROWS_WITH_AS(kernel.init({}, x_and_y(data_set_over(x, {5, 3}), data_set_over(y4, {4}))),
                       doctest::Contains("X has shape (5, 3) and y (4,): y needs one value per row of X"),
                       BackendError);
  CHECK_THROWS_WITH_AS(kernel.init({}, x_and_y(data_set_over(x, {5, 3}), data_set_over(y5f, {5}))),
                       "X is float64 and y float32: save both with the same dtype, e.g. "
                       "np.save(path, y.astype(X.dtype))",
                       BackendError);
  CHECK_THROWS_WITH_AS(kernel.init({}, x_and_y(data_set_over(x, {5, 3}, {8, 40}), data_set_over(y5, {5}))),
                       doctest::Contains("np.save(path, np.ascontiguousarray(X, dtype=np.float64))"), BackendError);
  CHECK_THROWS_WITH_AS(kernel.init({}, x_and_y(data_set_over(x, {5, 3}), data_set_over(y5, {5, 1}))),
                       doctest::Contains("needs it 1-d: save it with np.save(path, y.reshape(-1))"), BackendError);
  CHECK_THROWS_WITH_AS(kernel.init({}, x_and_y(data_set_over(x, {0, 3}), data_set_over(y5, {0}))),
                       doctest::Contains("X needs at least one row and one column"), BackendError);
}

TEST_CASE("lsq's tail rows add nothing, even beside an infinity in the last row") {
  // 5 rows: a group of four, then the last alone with three stand-ins. NumPy: X.T @ r has inf, not NaN.
  const double inf = std::numeric_limits<double>::infinity();
  const std::vector<double> x{1, 0, 0, 1, 1, 1, 2, 0, inf, 1}, y(5, 0.0), w{1, 1};
  LsqKernel kernel;
  kernel.init({}, x_and_y(data_set_over(x, {5, 2}), data_set_over(y, {5})));
  KernelResult result;
  kernel.process(view_of(numpy_over(w, {2})), result);
  const std::vector<double> grad = elements_of<double>(std::get<ResultArray>(value_named(std::get<NamedValues>(result), "grad")), {2});
  CHECK(grad[0] == inf);
  CHECK(grad[1] == inf);
}

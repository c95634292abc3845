#include <doctest/doctest.h>

#include <cmath>
#include <cstdio>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "core/errors.hpp"
#include "kernel_test_support.hpp"
#include "kernels/histogram_kernel.hpp"
#include "python/numpy_view.hpp"

using namespace arrayfeed;
using namespace kernel_test;

namespace {

// Tolerance against NumPy: none. Every count must equal np.histogram's.

// Values that land on, or one ulp either side of, every edge NumPy compares
// with (its own edges in the input dtype, the float64 ones, lo and hi), plus
// signed zeros, infinities, NaN, far-out values and random ones over a little
// more than the range; all in `dtype`.
const char* const kProbe = R"(
def probe(dtype, bins, lo, hi):
    dt = np.dtype(dtype)
    with np.errstate(over='ignore', invalid='ignore'):
        own = np.histogram(np.zeros(0, dt), bins=bins, range=(lo, hi))[1]
        at = np.concatenate([own, np.linspace(lo, hi, bins + 1), [lo, hi]]).astype(dt)
        near = [at, np.nextafter(at, dt.type(np.inf)), np.nextafter(at, dt.type(-np.inf))]
        span = hi - lo
        spread = np.random.default_rng(bins).uniform(lo - span / 10, hi + span / 10, 20000)
        special = [0.0, -0.0, np.inf, -np.inf, np.nan, lo - 1, hi + 1, -1e30, 1e30]
        return np.concatenate(near + [spread, special]).astype(dt)
)";

Params range_params(const std::string& lo, const std::string& hi, const std::string& bins) {
  return {{"lo", lo}, {"hi", hi}, {"bins", bins}};
}

std::vector<std::int64_t> counts_of(const KernelResult& result, std::int64_t bins) {
  return elements_of<std::int64_t>(std::get<ResultArray>(std::get<Value>(result)), {bins});
}

// Runs `x` through a histogram kernel set up with `params` and returns its counts.
std::vector<std::int64_t> kernel_counts(const Params& params, const py::array& x, std::int64_t bins) {
  HistogramKernel kernel;
  kernel.init(params, DataSets{});
  KernelResult result;
  kernel.process(view_of(x), result);
  return counts_of(result, bins);
}

// np.histogram(x, bins, range=(float(lo), float(hi)))[0]
std::vector<std::int64_t> numpy_counts(const py::array& x, const Params& params) {
  py::dict names;
  names["x"] = x;
  for (const auto& [key, value] : params) names[py::str(key)] = value.text;
  return elements_of<std::int64_t>(
      numpy_eval("np.histogram(x, bins=int(bins), range=(float(lo), float(hi)))[0]", names));
}

py::array probe(const char* dtype, const Params& params) {
  py::dict names;
  names["np"] = py::module_::import("numpy");
  py::exec(kProbe, names);
  return names["probe"](dtype, std::stoll(params.at("bins").text), std::stod(params.at("lo").text),
                        std::stod(params.at("hi").text));
}

// The kernel's counts of the probe values equal NumPy's, for both dtypes.
void check_probes(const Params& params) {
  for (const char* dtype : {"float32", "float64"}) {
    CAPTURE(dtype);
    CAPTURE(params.at("lo").text);
    CAPTURE(params.at("hi").text);
    CAPTURE(params.at("bins").text);
    const py::array x = probe(dtype, params);
    CHECK(kernel_counts(params, x, std::stoll(params.at("bins").text)) == numpy_counts(x, params));
  }
}

}  // namespace

TEST_CASE("histogram counts equal np.histogram's on and around every edge, float32 and float64") {
  const std::vector<Params> cases{
      range_params("0", "1", "10"),          // float32 edges 0.3f, 0.7f... rounded from float64
      range_params("-3.7", "2.9", "7"),
      range_params("0.1", "0.7", "3"),       // lo and hi not float32 numbers
      range_params("1e-3", "1e3", "1000"),
      range_params("-1", "1", "1"),
      range_params("100", "100.5", "13"),
      range_params("0", "1e-38", "10"),      // bins / (hi - lo) too large for float32: NumPy scales in float64
      range_params("0.1", "3.5e38", "3"),    // hi too large for float32: NumPy's edges are float64
      range_params("-3.5e38", "3.5e38", "5"),  // both too large for float32
  };
  for (const Params& params : cases) check_probes(params);
}

TEST_CASE("histogram counts equal np.histogram's over random ranges and bin counts") {
  std::mt19937_64 rng(21);
  std::uniform_real_distribution<double> unit(-1.0, 1.0), exponent(-6.0, 6.0);
  std::uniform_int_distribution<int> bin_count(1, 300);
  auto text = [](double v) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.17g", v);
    return std::string(buffer);
  };
  for (int round = 0; round < 40; ++round) {
    const double scale = std::pow(10.0, exponent(rng));
    const double lo = unit(rng) * scale, hi = lo + (unit(rng) + 1.01) * scale * std::pow(10.0, exponent(rng) / 3);
    check_probes(range_params(text(lo), text(hi), std::to_string(bin_count(rng))));
  }
}

TEST_CASE("float32 values compare with lo and hi rounded to float32, as NumPy 1.24 does") {
  // float32(0.7) < 0.7 and float32(0.3) > 0.3: compared in float64 they would fall outside.
  const std::vector<float> x{0.7f, 0.3f};
  const py::array x_np = numpy_over(x, {2});
  for (const Params& params : {range_params("0.7", "0.9", "2"), range_params("0.1", "0.3", "2")}) {
    const std::vector<std::int64_t> counts = kernel_counts(params, x_np, 2);
    CHECK(counts == numpy_counts(x_np, params));
    CHECK(counts[0] + counts[1] == 1);
  }
}

TEST_CASE("histogram counts arrays of any shape, and nothing in an empty one") {
  const Params params = range_params("-2", "2", "5");
  const std::vector<double> cube = normal_values<double>(24, 5), none;
  const py::array cube_np = numpy_over(cube, {2, 3, 4});
  CHECK(kernel_counts(params, cube_np, 5) == numpy_counts(cube_np, params));
  CHECK(kernel_counts(params, numpy_over(none, {0, 3}), 5) == std::vector<std::int64_t>(5, 0));
  CHECK(kernel_counts({{"lo", "0"}, {"hi", "1"}}, numpy_over(none, {0}), 10).size() == 10);  // bins: 10 by default
}

TEST_CASE("the summary totals the run's counts and what fell below, above or was NaN") {
  const double inf = std::numeric_limits<double>::infinity(), nan = std::numeric_limits<double>::quiet_NaN();
  const std::vector<double> a{-inf, -1.0, -0.0, 0.0, 0.5, 1.0, nan}, b{1.5, inf, nan, 0.25, 0.99};
  const Params params = range_params("0", "1", "4");
  const py::array a_np = numpy_over(a, {7}), b_np = numpy_over(b, {5});
  HistogramKernel kernel;
  kernel.init(params, DataSets{});
  KernelResult result;
  kernel.process(view_of(a_np), result);
  kernel.process(view_of(b_np), result);
  const NamedValues summary = kernel.finish();

  const std::vector<std::int64_t> from_a = numpy_counts(a_np, params), from_b = numpy_counts(b_np, params);
  std::vector<std::int64_t> total(4);
  for (std::size_t i = 0; i < 4; ++i) total[i] = from_a[i] + from_b[i];
  CHECK(elements_of<std::int64_t>(std::get<ResultArray>(value_named(summary, "counts")), {4}) == total);
  CHECK(std::get<std::int64_t>(value_named(summary, "below")) == 2);  // -inf, -1 (-0.0 is in the first bin)
  CHECK(std::get<std::int64_t>(value_named(summary, "above")) == 2);  // 1.5, inf (1.0 is in the last bin)
  CHECK(std::get<std::int64_t>(value_named(summary, "nan")) == 2);
}

TEST_CASE("histogram refuses missing or unusable bins, lo and hi, naming the parameter and the fix") {
  struct Bad {
    Params params;
    const char* message;
  };
  const std::vector<Bad> cases{
      {{{"hi", "1"}}, "parameter 'lo' is missing: give it, e.g. --set lo=0 --set hi=1"},
      {{{"lo", "0"}}, "parameter 'hi' is missing: give it, e.g. --set lo=0 --set hi=1"},
      {range_params("0", "1", "0"), "parameter 'bins' must be > 0, got 0: e.g. --set bins=10"},
      {range_params("0", "1", "-3"), "parameter 'bins' must be > 0, got -3: e.g. --set bins=10"},
      {range_params("0", "1", "ten"), "parameter 'bins' must be a whole number, got 'ten': e.g. --set bins=10"},
      {range_params("0", "1", "2.5"), "parameter 'bins' must be a whole number, got '2.5': e.g. --set bins=10"},
      {range_params("zero", "1", "10"), "parameter 'lo' must be a number, got 'zero': e.g. --set lo=0 --set hi=1"},
      {range_params("0", "1 ", "10"), "parameter 'hi' must be a number, got '1 ': e.g. --set lo=0 --set hi=1"},
      {range_params("1", "1", "10"), "parameters 'lo' and 'hi' must be finite with lo < hi, got lo=1 hi=1"},
      {range_params("2", "1", "10"), "parameters 'lo' and 'hi' must be finite with lo < hi, got lo=2 hi=1"},
      {range_params("0", "inf", "10"), "parameters 'lo' and 'hi' must be finite with lo < hi, got lo=0 hi=inf"},
      {range_params("nan", "1", "10"), "parameters 'lo' and 'hi' must be finite with lo < hi, got lo=nan hi=1"},
      {range_params("-1e308", "1e308", "10"), "parameters 'lo' and 'hi' are too far apart: hi - lo overflows"},
      {range_params("0", "1e-320", "10"), "parameters 'lo' and 'hi' are too close for 10 bins"},
  };
  for (const Bad& bad : cases) {
    HistogramKernel kernel;
    CHECK_THROWS_WITH_AS(kernel.init(bad.params, DataSets{}), doctest::Contains(bad.message), BackendError);
  }
}

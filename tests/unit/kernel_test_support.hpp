#pragma once

#include <doctest/doctest.h>

#include <pybind11/eval.h>
#include <pybind11/numpy.h>

#include <algorithm>
#include <cstddef>
#include <random>
#include <string>
#include <type_traits>
#include <vector>

#include "core/data_sets.hpp"
#include "core/kernel_result.hpp"

// Helpers for kernel tests: C++ data seen by NumPy without a copy, NumPy's
// answers read back, and a kernel's named results looked up.
namespace kernel_test {

namespace py = pybind11;
using Shape = std::vector<std::ptrdiff_t>;

/// Byte strides of a C-contiguous array of `shape`.
inline Shape c_strides(const Shape& shape, std::ptrdiff_t itemsize) {
  Shape strides(shape.size());
  for (std::size_t i = shape.size(); i-- > 0; itemsize *= shape[i]) strides[i] = itemsize;
  return strides;
}

/// A NumPy array over `values` (no copy: `values` must outlive it); C order
/// unless `strides` says otherwise.
template <typename T>
py::array numpy_over(const std::vector<T>& values, const Shape& shape, Shape strides = {}) {
  if (strides.empty()) strides = c_strides(shape, sizeof(T));
  return py::array(py::dtype::of<T>(), shape, strides, values.data(), py::none());
}

/// A data set over `values`, as --data would give one to a kernel.
template <typename T>
arrayfeed::DataSet data_set_over(const std::vector<T>& values, const Shape& shape, Shape strides = {}) {
  if (strides.empty()) strides = c_strides(shape, sizeof(T));
  return arrayfeed::DataSet{.path = "set.npy",
                            .data = values.data(),
                            .dtype = {.kind = 'f', .itemsize = static_cast<int>(sizeof(T))},
                            .shape = shape,
                            .strides = strides};
}

/// `n` normally distributed values, the same for the same seed.
template <typename T>
std::vector<T> normal_values(std::size_t n, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal(0.0, 1.0);
  std::vector<T> values(n);
  for (T& v : values) v = static_cast<T>(normal(rng));
  return values;
}

/// What `expression` gives with `np` and `names` as its globals (lambdas see them too).
inline py::object numpy_eval(const char* expression, py::dict names) {
  names["np"] = py::module_::import("numpy");
  return py::eval(expression, names);
}

/// The elements of a NumPy array (or anything np.asarray takes), as T.
template <typename T>
std::vector<T> elements_of(const py::object& array) {
  const auto a = py::array_t<T, py::array::c_style | py::array::forcecast>::ensure(array);
  REQUIRE(a);
  return std::vector<T>(a.data(), a.data() + a.size());
}

/// The elements of a kernel's result array, after checking its dtype and shape.
template <typename T>
std::vector<T> elements_of(const arrayfeed::ResultArray& array, const Shape& shape) {
  const arrayfeed::DType expected{.kind = std::is_integral_v<T> ? 'i' : 'f', .itemsize = static_cast<int>(sizeof(T))};
  CHECK(array.dtype() == expected);
  CHECK(array.shape() == shape);
  return std::vector<T>(array.as<T>(), array.as<T>() + array.size());
}

/// The value named `name`; fails the test if there is none.
inline const arrayfeed::Value& value_named(const arrayfeed::NamedValues& values, const std::string& name) {
  const auto it = std::find_if(values.begin(), values.end(), [&](const auto& v) { return v.name == name; });
  REQUIRE_MESSAGE(it != values.end(), "no value named " << name);
  return it->value;
}

}  // namespace kernel_test

#include "python/python_result.hpp"

namespace py = pybind11;

namespace arrayfeed {
namespace {

py::object scalar_to_python(const Scalar& value) {
  if (const auto* i = std::get_if<std::int64_t>(&value)) return py::int_(*i);
  return py::float_(std::get<double>(value));
}

}  // namespace

py::object to_python(const KernelResult& result) {
  if (const auto* scalar = std::get_if<Scalar>(&result)) return scalar_to_python(*scalar);
  if (const auto* named = std::get_if<NamedValues>(&result)) {
    py::dict out;
    for (const NamedValue& v : *named) out[py::str(v.name)] = scalar_to_python(v.value);
    return out;
  }
  return py::none();
}

}  // namespace arrayfeed

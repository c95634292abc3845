#include "python/python_result.hpp"

#include <memory>

#include <pybind11/numpy.h>

namespace py = pybind11;

namespace arrayfeed {
namespace {

// The NumPy array's base is a capsule holding one share of the kernel's
// memory: NumPy's documented way to hand it memory it did not allocate. The
// array is then the only owner and frees the memory with its last reference.
py::object array_to_python(const ResultArray& array) {
  auto* share = new std::shared_ptr<void>(array.memory());
  py::capsule owner(share, [](void* p) { delete static_cast<std::shared_ptr<void>*>(p); });
  return py::array(py::dtype(array.dtype().type_string()), array.shape(), array.strides(), array.data(),
                   owner);
}

py::object value_to_python(const Value& value) {
  if (const auto* i = std::get_if<std::int64_t>(&value)) return py::int_(*i);
  if (const auto* d = std::get_if<double>(&value)) return py::float_(*d);
  return array_to_python(std::get<ResultArray>(value));
}

}  // namespace

py::object to_python(const KernelResult& result) {
  if (const auto* value = std::get_if<Value>(&result)) return value_to_python(*value);
  if (const auto* named = std::get_if<NamedValues>(&result)) {
    py::dict out;
    for (const NamedValue& v : *named) out[py::str(v.name)] = value_to_python(v.value);
    return out;
  }
  return py::none();
}

}  // namespace arrayfeed

#include "python/script_reduce.hpp"

#include <stdexcept>
#include <string>

#include "python/numpy_view.hpp"

namespace py = pybind11;

namespace arrayfeed {
namespace {

ReduceOp reduce_op(const std::string& name) {
  if (name == "sum") return ReduceOp::sum;
  if (name == "min") return ReduceOp::min;
  if (name == "max") return ReduceOp::max;
  throw std::invalid_argument("unknown reduction '" + name + "'");
}

}  // namespace

py::cpp_function in_place_reduce(Communicator& ranks) {
  return py::cpp_function([&ranks](const py::array& array, const std::string& op) {
    const ArrayView view = view_of(array);
    const ReduceOp reduce = reduce_op(op);
    const py::gil_scoped_release released;
    ranks.allreduce(const_cast<void*>(view.data), view.size(), view.dtype, reduce);
  });
}

}  // namespace arrayfeed

#include "python/script_context.hpp"

#include <pybind11/stl.h>

#include "python/interpreter.hpp"
#include "python/script_params.hpp"

namespace py = pybind11;

namespace arrayfeed {

py::object make_context(const Params& params, const py::dict& data, const std::string& kernel_name,
                        const std::string& kernel_description, const InputContract& contract) {
  py::list dtypes;
  for (const DType& t : contract.dtypes) dtypes.append(t.name());
  py::object& host = Interpreter::host();
  py::object kernel = host.attr("kernel_info")(kernel_name, kernel_description, dtypes,
                                               contract.min_ndim, contract.max_ndim,
                                               contract.strided_ok, contract.describe());
  return host.attr("Context")(script_params(params), data, kernel);
}

}  // namespace arrayfeed

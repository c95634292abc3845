#include "python/script_params.hpp"

#include "python/interpreter.hpp"

namespace py = pybind11;

namespace arrayfeed {

py::dict script_params(const Params& params) {
  py::list items;
  for (const auto& [key, param] : params) items.append(py::make_tuple(key, param.text, param.typed));
  return Interpreter::host().attr("script_params")(items);
}

}  // namespace arrayfeed

#include "python/data_loader.hpp"

#include "core/errors.hpp"
#include "python/data_views.hpp"
#include "python/interpreter.hpp"
#include "python/numpy_view.hpp"
#include "python/python_error.hpp"
#include "python/text.hpp"

namespace py = pybind11;

namespace arrayfeed {

LoadedData::LoadedData(const std::vector<DataSpec>& specs) : m_views(std::make_unique<Views>()) {
  for (const DataSpec& spec : specs) {
    const std::string what = "data set '" + spec.name + "' ('" + spec.path.string() + "')";
    py::tuple loaded;
    try {
      loaded = Interpreter::host().attr("load_data_set")(py::bytes(spec.path.string()));
    } catch (py::error_already_set& error) {
      rethrow_python_error(error, "loading " + what + ":");
    }
    if (loaded[0].is_none()) throw BackendError(what + ": " + utf8_text(loaded[1]));
    const py::array array = loaded[0];
    const ArrayView view = view_of(array);
    m_sets.add(spec.name, DataSet{.path = spec.path,
                                  .data = view.data,
                                  .dtype = view.dtype,
                                  .shape = {view.shape.begin(), view.shape.end()},
                                  .strides = {view.strides.begin(), view.strides.end()}});
    m_views->dict[py::str(spec.name)] = array;
  }
}

LoadedData::~LoadedData() = default;

}  // namespace arrayfeed

#include "python/data_loader.hpp"

#include "core/errors.hpp"
#include "core/set_up_step.hpp"
#include "python/data_views.hpp"
#include "python/host_calls.hpp"
#include "python/interpreter.hpp"
#include "python/numpy_view.hpp"
#include "python/python_error.hpp"

namespace py = pybind11;

namespace arrayfeed {

LoadedData::LoadedData(const std::vector<DataSpec>& specs) : m_views(std::make_unique<Views>()) {
  for (const DataSpec& spec : specs) {
    const std::string what = "data set '" + spec.name + "' ('" + spec.path.string() + "')";
    const SetUpStep step("mapping " + what);
    MappedDataSet loaded;
    try {
      loaded = Interpreter::host().load_data_set(spec.path);
    } catch (py::error_already_set& error) {
      rethrow_python_error(error, "loading " + what + ":");
    }
    if (!loaded.array) throw BackendError(what + ": " + loaded.problem);
    const py::array array = loaded.array;
    const ArrayView view = view_of(array);
    m_sets.add(spec.name, DataSet{.path = spec.path,
                                  .data = view.data,
                                  .dtype = view.dtype,
                                  .shape = {view.shape.begin(), view.shape.end()},
                                  .strides = {view.strides.begin(), view.strides.end()}});
    m_views->dict[py::str(spec.name)] = array;
    step.done("mapped " + what + ": " + view.dtype.name() + " " + tuple_text(view.shape));
  }
}

LoadedData::~LoadedData() = default;

}  // namespace arrayfeed

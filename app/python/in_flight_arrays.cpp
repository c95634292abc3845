#include "python/in_flight_arrays.hpp"

#include <pybind11/numpy.h>

#include "core/errors.hpp"

namespace py = pybind11;

namespace arrayfeed {
namespace {

constexpr int kWriteable = py::detail::npy_api::NPY_ARRAY_WRITEABLE_;

bool is_ndarray(PyObject* object) {
  return PyObject_TypeCheck(object, reinterpret_cast<PyTypeObject*>(py::detail::npy_api::get().PyArray_Type_));
}

}  // namespace

InFlightArrays::~InFlightArrays() {
  while (!m_held.empty()) release_oldest();
}

void InFlightArrays::hold(ImportedArray&& array, std::uint64_t yield_number, const ScriptIterator& source) {
  using Source = ImportedArray::Source;
  if (array.source == Source::foreign_buffer)
    throw ScriptError("yield #" + std::to_string(yield_number) + " at " + source.where() + ": with --prefetch or --threads the kernel reads each array on another thread "
                      "while the script runs on, and only a NumPy array can be made read-only meanwhile; "
                      "yield a NumPy array (np.array(x) copies this one)");
  std::vector<PyObject*> guarded;
  // A view is guarded with its bases: writing through the array it was sliced from races too.
  if (array.source == Source::script_array)
    for (PyObject* a = array.owner.ptr(); a && is_ndarray(a); a = py::detail::array_proxy(a)->base)
      guard(a, guarded);
  m_held.emplace_back(std::move(array.owner), std::move(guarded));
}

void InFlightArrays::guard(PyObject* array, std::vector<PyObject*>& guarded) {
  if (const auto it = m_guarded.find(array); it != m_guarded.end()) {
    ++it->second.holders;
  } else {
    int& flags = py::detail::array_proxy(array)->flags;
    if (!(flags & kWriteable)) return;  // read-only already: nothing to restore later
    flags &= ~kWriteable;
    m_guarded.emplace(array, Guarded{py::reinterpret_borrow<py::object>(array), 1});
  }
  guarded.push_back(array);
}

void InFlightArrays::unguard(PyObject* array) {
  const auto it = m_guarded.find(array);
  if (--it->second.holders > 0) return;
  py::detail::array_proxy(array)->flags |= kWriteable;
  m_guarded.erase(it);
}

void InFlightArrays::release_oldest() {
  for (PyObject* array : m_held.front().second) unguard(array);
  m_held.pop_front();
}

}  // namespace arrayfeed

#include "python/in_flight_arrays.hpp"

#include <algorithm>

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
  while (m_size > 0) release_oldest();
}

void InFlightArrays::hold(ImportedArray&& array, std::uint64_t yield_number, const ScriptIterator& source) {
  using Source = ImportedArray::Source;
  if (array.source == Source::foreign_buffer)
    throw ScriptError("yield #" + std::to_string(yield_number) + " at " + source.where() + ": with --prefetch or --threads the kernel reads each array on another thread "
                      "while the script runs on, and only a NumPy array can be made read-only meanwhile; "
                      "yield a NumPy array (np.array(x) copies this one)");
  if (m_size == m_held.size()) {  // grow the ring, oldest first
    std::rotate(m_held.begin(), m_held.begin() + static_cast<std::ptrdiff_t>(m_oldest), m_held.end());
    m_oldest = 0;
    m_held.resize(m_held.size() * 2 + 1);
  }
  Held& held = m_held[(m_oldest + m_size++) % m_held.size()];
  held.guarded.clear();
  // A view is guarded with its bases: writing through the array it was sliced from races too.
  if (array.source == Source::script_array)
    for (PyObject* a = array.owner.ptr(); a && is_ndarray(a); a = py::detail::array_proxy(a)->base)
      guard(a, held.guarded);
  held.owner = std::move(array.owner);
}

void InFlightArrays::guard(PyObject* array, std::vector<PyObject*>& guarded) {
  const auto same = [&](const Guarded& g) { return g.array.ptr() == array; };
  if (const auto it = std::find_if(m_guarded.begin(), m_guarded.end(), same); it != m_guarded.end()) {
    ++it->holders;
  } else {
    int& flags = py::detail::array_proxy(array)->flags;
    if (!(flags & kWriteable)) return;  // read-only already: nothing to restore later
    flags &= ~kWriteable;
    m_guarded.push_back(Guarded{py::reinterpret_borrow<py::object>(array), 1});
  }
  guarded.push_back(array);
}

void InFlightArrays::unguard(PyObject* array) {
  const auto it = std::find_if(m_guarded.begin(), m_guarded.end(),
                               [&](const Guarded& g) { return g.array.ptr() == array; });
  if (--it->holders > 0) return;
  py::detail::array_proxy(array)->flags |= kWriteable;
  *it = std::move(m_guarded.back());
  m_guarded.pop_back();
}

void InFlightArrays::release_oldest() {
  Held& held = m_held[m_oldest];
  for (PyObject* array : held.guarded) unguard(array);
  held.owner = py::object();
  m_oldest = (m_oldest + 1) % m_held.size();
  --m_size;
}

}  // namespace arrayfeed

#include "python/in_flight_arrays.hpp"

#include <algorithm>

#include "python/memory_owner.hpp"
#include "python/numpy_api.hpp"

namespace py = pybind11;

namespace arrayfeed {
namespace {

PyArrayObject* as_array(PyObject* array) { return reinterpret_cast<PyArrayObject*>(array); }

}  // namespace

InFlightArrays::~InFlightArrays() { release_all(); }

void InFlightArrays::release_all() {
  while (m_size > 0) release_oldest();
}

void InFlightArrays::hold(ImportedStep&& step, StepInputs& inputs) {
  if (m_size == m_held.size()) {  // grow the ring, oldest first
    std::rotate(m_held.begin(), m_held.begin() + static_cast<std::ptrdiff_t>(m_oldest), m_held.end());
    m_oldest = 0;
    m_held.resize(m_held.size() * 2 + 1);
  }
  Held& held = m_held[(m_oldest + m_size++) % m_held.size()];
  held.guarded.clear();
  // A view is guarded with its bases: writing through the array it was sliced from races too.
  for (const ImportedArray& array : step.arrays) {
    if (!array.owner || array.source != ImportedArray::Source::script_array) continue;
    m_chain.clear();
    unguarded_owner(array.owner.ptr(), &m_chain);
    for (PyObject* a : m_chain) guard(a, held.guarded);
  }
  // Moving the ring moves each HeldStep's vectors, not their buffers: the views stay put.
  held.step.take(std::move(step), inputs);
}

void InFlightArrays::guard(PyObject* array, std::vector<PyObject*>& guarded) {
  const auto same = [&](const Guarded& g) { return g.array.ptr() == array; };
  if (const auto it = std::find_if(m_guarded.begin(), m_guarded.end(), same); it != m_guarded.end()) {
    ++it->holders;
  } else {
    if (!PyArray_ISWRITEABLE(as_array(array))) return;  // read-only already: nothing to restore later
    PyArray_CLEARFLAGS(as_array(array), NPY_ARRAY_WRITEABLE);
    m_guarded.push_back(Guarded{.array = py::reinterpret_borrow<py::object>(array), .holders = 1});
  }
  guarded.push_back(array);
}

void InFlightArrays::unguard(PyObject* array) {
  const auto it = std::find_if(m_guarded.begin(), m_guarded.end(),
                               [&](const Guarded& g) { return g.array.ptr() == array; });
  if (--it->holders > 0) return;
  // Set directly, as NumPy's own C code does: setflags(write=True) would
  // refuse an array whose base is read-only meanwhile, which ours is.
  PyArray_ENABLEFLAGS(as_array(array), NPY_ARRAY_WRITEABLE);
  *it = std::move(m_guarded.back());
  m_guarded.pop_back();
}

void InFlightArrays::release_oldest() {
  Held& held = m_held[m_oldest];
  for (PyObject* array : held.guarded) unguard(array);
  held.step.clear();
  m_oldest = (m_oldest + 1) % m_held.size();
  --m_size;
}

}  // namespace arrayfeed

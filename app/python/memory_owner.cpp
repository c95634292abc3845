#include "python/memory_owner.hpp"

#include "python/numpy_api.hpp"

namespace py = pybind11;

namespace arrayfeed {
namespace {

// An exporter that refuses a writable buffer has no way to write it either.
bool exports_read_only(PyObject* object) {
  if (!PyObject_CheckBuffer(object)) return false;
  Py_buffer view;
  if (PyObject_GetBuffer(object, &view, PyBUF_WRITABLE) == 0) {
    PyBuffer_Release(&view);
    return false;
  }
  PyErr_Clear();
  return true;
}

// as_strided and sliding_window_view wrap the array they view in NumPy's own
// DummyArray (an __array_interface__ holder) whose `base` is that array.
PyObject* numpy_dummy_array_base(PyObject* object) {
  const py::handle type(reinterpret_cast<PyObject*>(Py_TYPE(object)));
  if (!py::str(type.attr("__module__")).equal(py::str("numpy.lib.stride_tricks")) ||
      !py::str(type.attr("__qualname__")).equal(py::str("DummyArray")))
    return nullptr;
  const py::object base = py::reinterpret_borrow<py::object>(object).attr("base");
  return PyArray_Check(base.ptr()) ? base.ptr() : nullptr;  // the DummyArray keeps it alive
}

}  // namespace

PyObject* unguarded_owner(PyObject* array, std::vector<PyObject*>* arrays) {
  for (PyObject* owner = array;;) {
    if (PyArray_Check(owner)) {
      if (arrays) arrays->push_back(owner);
      owner = PyArray_BASE(reinterpret_cast<PyArrayObject*>(owner));
      if (!owner) return nullptr;  // NumPy's own memory
    } else if (PyMemoryView_Check(owner)) {
      // Writes through a writable memoryview ignore the read-only flag of the
      // arrays it views. The object it views is the one to name, unless an array.
      const Py_buffer* view = PyMemoryView_GET_BUFFER(owner);
      if (!view->readonly || !view->obj) return view->obj && !PyArray_Check(view->obj) ? view->obj : owner;
      owner = view->obj;
    } else if (PyObject* viewed = numpy_dummy_array_base(owner)) {
      owner = viewed;
    } else {
      return exports_read_only(owner) ? nullptr : owner;
    }
  }
}

}  // namespace arrayfeed

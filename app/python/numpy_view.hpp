#pragma once

#include <pybind11/numpy.h>

#include "core/array_view.hpp"

namespace arrayfeed {

/// A view of a NumPy array's own memory, shape and strides: valid while the
/// array is alive and unchanged. `array` must be an ndarray.
ArrayView view_of(PyObject* array);
inline ArrayView view_of(const pybind11::array& array) { return view_of(array.ptr()); }

}  // namespace arrayfeed

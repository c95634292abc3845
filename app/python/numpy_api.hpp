#pragma once

// NumPy's C API, for the python layer's hot path and its array flags: one
// function table for the whole layer, filled by import_numpy_api() when the
// interpreter starts (numpy_api.cpp owns it).
#define NPY_NO_DEPRECATED_API NPY_1_7_API_VERSION
#define PY_ARRAY_UNIQUE_SYMBOL arrayfeed_numpy_api
#ifndef ARRAYFEED_OWNS_NUMPY_API
#define NO_IMPORT_ARRAY
#endif
#include <Python.h>
#include <numpy/arrayobject.h>

namespace arrayfeed {

/// Fills NumPy's C API table (imports numpy). Needs the GIL; throws
/// pybind11::error_already_set if NumPy cannot be imported.
void import_numpy_api();

}  // namespace arrayfeed

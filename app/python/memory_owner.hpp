#pragma once

#include <vector>

#include <pybind11/pybind11.h>

namespace arrayfeed {

/// Follows the chain of objects behind `array`'s memory (an array's base, what
/// a memoryview views, ...) to whoever really owns it, and returns the first
/// one through which the script could still write while every NumPy array on
/// the chain is read-only (a writable memoryview, a bytearray, an array.array,
/// a ctypes array, a writable mmap, a DLPack capsule, an __array_interface__
/// producer), or the object a writable memoryview views, to name. nullptr
/// when the chain ends in memory NumPy owns or in an owner that exports it
/// read-only only (bytes, a read-only mmap). Each NumPy array
/// on the chain is appended to `arrays` when given. Needs the GIL.
PyObject* unguarded_owner(PyObject* array, std::vector<PyObject*>* arrays = nullptr);

}  // namespace arrayfeed

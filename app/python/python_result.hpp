#pragma once

#include <pybind11/pybind11.h>

#include "core/kernel_result.hpp"

namespace arrayfeed {

/// A kernel's result as the generator receives it from `yield`: None, an
/// int or float, a NumPy array that owns the kernel's memory (no copy), or a
/// dict of name -> any of those.
pybind11::object to_python(const KernelResult& result);

}  // namespace arrayfeed

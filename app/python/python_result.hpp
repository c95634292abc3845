#pragma once

#include <pybind11/pybind11.h>

#include "core/kernel_result.hpp"

namespace arrayfeed {

/// A kernel's result as the generator receives it from `yield`: None, an
/// int or float, or a dict of name -> number.
pybind11::object to_python(const KernelResult& result);

}  // namespace arrayfeed

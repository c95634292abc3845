#pragma once

#include <pybind11/pybind11.h>

#include "core/communicator.hpp"

namespace arrayfeed {

/// The native half of ctx.allreduce: a Python function (array, op) that
/// combines the array across the ranks of `ranks` in place, on the array's
/// own memory, with the GIL released while it waits for the other ranks.
/// host_script's Context checks the array and op first.
pybind11::cpp_function in_place_reduce(Communicator& ranks);

}  // namespace arrayfeed

#pragma once

#include <pybind11/pybind11.h>

#include "python/data_loader.hpp"

namespace arrayfeed {

/// The loaded data sets as the script sees them.
struct LoadedData::Views {
  pybind11::dict dict;  ///< name -> read-only ndarray (ctx.data)
};

}  // namespace arrayfeed

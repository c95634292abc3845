#define ARRAYFEED_OWNS_NUMPY_API
#include "python/numpy_api.hpp"

#include <pybind11/pybind11.h>

namespace arrayfeed {

void import_numpy_api() {
  if (_import_array() < 0) throw pybind11::error_already_set();
}

}  // namespace arrayfeed

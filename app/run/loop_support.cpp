#include "run/loop_support.hpp"

#include <new>

#include <pybind11/pybind11.h>

#include "core/errors.hpp"
#include "python/python_error.hpp"

namespace py = pybind11;

namespace arrayfeed {

void check_signals() {
  if (PyErr_CheckSignals() != 0) {
    py::error_already_set error;
    rethrow_python_error(error, "signal handler:");
  }
}

void rethrow_kernel_error(const std::exception_ptr& error, const std::string& kernel, std::uint64_t array_number) {
  try {
    std::rethrow_exception(error);
  } catch (const std::bad_alloc&) {
    throw BackendError("kernel '" + kernel + "' failed on array #" + std::to_string(array_number) +
                       ": out of memory");
  } catch (const std::exception& e) {
    throw BackendError("kernel '" + kernel + "' failed on array #" + std::to_string(array_number) + ": " +
                       e.what());
  } catch (...) {
    throw BackendError("kernel '" + kernel + "' failed on array #" + std::to_string(array_number) +
                       " with an exception that is not a std::exception");
  }
}

}  // namespace arrayfeed

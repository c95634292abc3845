#include "kernels/kernel.hpp"

#include <exception>
#include <new>

#include "core/errors.hpp"

namespace arrayfeed {

const ParamInfos& Kernel::params() const {
  static const ParamInfos none;
  return none;
}

void Kernel::throw_call_failure(std::uint64_t array_number) const {
  const std::string call = "kernel '" + m_name + "' failed on array #" + std::to_string(array_number);
  try {
    throw;
  } catch (const std::bad_alloc&) {
    throw BackendError(call + ": out of memory");
  } catch (const std::exception& e) {
    throw BackendError(call + ": " + e.what());
  } catch (...) {
    throw BackendError(call + " with an exception that is not a std::exception");
  }
}

}  // namespace arrayfeed

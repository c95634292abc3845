#include "kernels/kernel.hpp"

#include <chrono>
#include <exception>
#include <new>

#include "core/errors.hpp"
#include "core/kernel_calls.hpp"

namespace arrayfeed {
namespace {

[[noreturn]] void throw_call_failure(const std::string& kernel, std::uint64_t array_number) {
  const std::string call = "kernel '" + kernel + "' failed on array #" + std::to_string(array_number);
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

}  // namespace

CallOutcome Kernel::call(const ArrayView& input, KernelResult& result, std::uint64_t array_number) {
  const KernelCallMark mark(KernelPhase::process, array_number);
  const auto start = std::chrono::steady_clock::now();
  try {
    const AfterCall after = process(input, result);
    return {after, std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - start)
                       .count()};
  } catch (...) {
    throw_call_failure(m_name, array_number);
  }
}

}  // namespace arrayfeed

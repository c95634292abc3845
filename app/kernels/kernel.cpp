#include "kernels/kernel.hpp"

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

CallOutcome Kernel::call(const ArrayView& input, KernelResult& result, std::uint64_t array_number,
                         RunClock::time_point start) {
  const KernelCallMark mark(KernelPhase::process, array_number);
  try {
    const AfterCall after = process(input, result);
    const RunClock::time_point ended = RunClock::now();
    return {.after = after, .kernel_ns = ns_between(start, ended), .ended = ended};
  } catch (...) {
    throw_call_failure(m_name, array_number);
  }
}

}  // namespace arrayfeed

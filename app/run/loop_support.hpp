#pragma once

#include <chrono>
#include <cstdint>
#include <exception>
#include <string>

namespace arrayfeed {

/// Nanoseconds in a steady_clock duration, for the summary.
inline std::int64_t ns(std::chrono::steady_clock::duration d) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(d).count();
}

/// Runs Python's handler for a SIGINT/SIGTERM noted while C++ ran, which
/// raises KeyboardInterrupt or Terminated: thrown here as a StopRequest.
void check_signals();

/// Throws what a kernel call threw as the BackendError that names the kernel
/// and the array (numbered from 1).
[[noreturn]] void rethrow_kernel_error(const std::exception_ptr& error, const std::string& kernel,
                                       std::uint64_t array_number);

}  // namespace arrayfeed

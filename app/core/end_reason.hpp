#pragma once

#include <cstdint>
#include <string_view>

namespace arrayfeed {

/// Why a run ended. Its name is what --metrics reports: scripts read it, so
/// a name never changes once released.
enum class EndReason : std::uint8_t {
  not_started,  ///< set-up failed or was stopped before the loop
  exhausted,    ///< the script gave no more arrays
  max_arrays,   ///< --max-arrays reached
  kernel_stop,  ///< a kernel call asked to stop (AfterCall::stop)
  interrupted,  ///< SIGINT
  terminated,   ///< SIGTERM
  system_exit,  ///< the script raised SystemExit
  failed,       ///< an error ended it (the error says which)
};

/// The stable name: "not_started", "exhausted", "max_arrays", ...
std::string_view end_reason_name(EndReason reason);

/// The words of the summary line: "exhausted", "max-arrays reached", ...
std::string_view end_reason_words(EndReason reason);

}  // namespace arrayfeed

#pragma once

#include <string>

#include "core/end_reason.hpp"
#include "core/exit_code.hpp"

namespace arrayfeed {

/// A deliberate early end of the run, not a failure: SIGINT, SIGTERM or the
/// script's SystemExit(n). Thrown through the run, which ends gracefully
/// (results kept, summary written); the process exits with `exit_code`. Not
/// to be confused with a kernel's stop (AfterCall::stop), which ends the run
/// well from inside a kernel call.
struct EarlyExit {
  EndReason reason;  ///< interrupted, terminated or system_exit
  int exit_code;
  std::string text;  ///< e.g. "interrupted (SIGINT)", "SystemExit(4)"
};

/// The end a SIGINT asks for.
inline EarlyExit interrupted() {
  return {.reason = EndReason::interrupted, .exit_code = ExitInterrupted, .text = "interrupted (SIGINT)"};
}

/// The end a SIGTERM asks for.
inline EarlyExit terminated() {
  return {.reason = EndReason::terminated, .exit_code = ExitTerminated, .text = "terminated (SIGTERM)"};
}

}  // namespace arrayfeed

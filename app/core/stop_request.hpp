#pragma once

#include <string>

namespace arrayfeed {

/// A deliberate early end of the run, not a failure: SIGINT, SIGTERM or the
/// script's SystemExit(n). The run finishes gracefully and exits with `exit_code`.
struct StopRequest {
  int exit_code;
  std::string reason;  ///< e.g. "interrupted (SIGINT)"
};

}  // namespace arrayfeed

#pragma once

namespace arrayfeed {

/// The process exit codes of the product contract (docs/contract.md, section 7).
enum ExitCode : int {
  ExitSuccess = 0,
  ExitScriptFailed = 1,
  ExitUsage = 2,
  ExitBackendFailed = 3,
  ExitInterrupted = 130,
  ExitTerminated = 143,
};

}  // namespace arrayfeed

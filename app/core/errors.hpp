#pragma once

#include <exception>
#include <stdexcept>
#include <string>

#include "core/exit_code.hpp"

namespace arrayfeed {

/// Base of every error the core throws; caught once at the top and turned
/// into a message and an exit code. Never thrown itself.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
  virtual int exit_code() const = 0;
};

/// Bad command line, config file or option value.
class UsageError : public Error {
 public:
  using Error::Error;
  int exit_code() const override { return ExitUsage; }
};

/// The user's script failed: exception, import error, missing entry, unusable yield.
class ScriptError : public Error {
 public:
  using Error::Error;
  int exit_code() const override { return ExitScriptFailed; }
};

/// A data set, kernel or plugin failed.
class BackendError : public Error {
 public:
  using Error::Error;
  int exit_code() const override { return ExitBackendFailed; }
};

/// Another rank of the job failed: this one stops with it and exits with
/// that rank's code (the failing rank reports why).
class RankFailed : public Error {
 public:
  RankFailed(int rank, int exit_code);
  int exit_code() const override { return m_exit_code; }

 private:
  int m_exit_code;
};

/// The exit code `error` ends the process with, as cli_main makes it: an
/// Error's or EarlyExit's own, 3 for anything else.
int exit_code_of(const std::exception_ptr& error);

}  // namespace arrayfeed

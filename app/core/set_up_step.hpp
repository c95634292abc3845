#pragma once

#include <string>

#include "core/run_clock.hpp"

namespace arrayfeed {

/// One step of the set-up before the first array (loading a plugin, mapping
/// a data set, importing the script, the kernel's init), timed and named
/// while it lasts: a kernel's init may take minutes, and the user should see
/// which step that is (the set-up spinner shows under_way()).
class SetUpStep {
 public:
  /// Logs `doing` at debug level ("initialising kernel 'fft'").
  explicit SetUpStep(std::string doing);
  /// The step before this one is under way again (none, at the top).
  ~SetUpStep();
  SetUpStep(const SetUpStep&) = delete;
  SetUpStep& operator=(const SetUpStep&) = delete;

  /// Logs `what` at info level with the time the step took: "kernel 'fft' initialised in 46.1 s".
  void done(const std::string& what) const;

  /// The innermost step under way ("" when none), from any thread.
  static std::string under_way();

 private:
  std::string m_doing;
  std::string m_outer;
  RunClock::time_point m_started;
};

/// "40 us", "3.1 ms", "0.25 s", "46.1 s": a set-up step's time in nanoseconds, as the log shows it.
std::string seconds_text(std::int64_t ns);

}  // namespace arrayfeed

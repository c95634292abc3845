#pragma once

#include <condition_variable>
#include <mutex>
#include <thread>

#include "core/live_line.hpp"
#include "core/run_options.hpp"

namespace arrayfeed {

/// What the user sees while arrayfeed sets up (the script's import, the data
/// sets, the kernel's init): on a terminal, a spinner with the step under way
/// (SetUpStep) and the time so far; elsewhere a log line every 5 s while a
/// step lasts. A thread of its own draws it: a kernel's init may not return
/// for minutes, and a silent terminal looks like a hang.
class SetUpSpinner {
 public:
  /// Off: draws nothing and starts no thread (--quiet, or not rank 0).
  SetUpSpinner(ProgressMode mode, LiveLine& line);
  ~SetUpSpinner();
  SetUpSpinner(const SetUpSpinner&) = delete;
  SetUpSpinner& operator=(const SetUpSpinner&) = delete;

  /// The set-up is over (the loop starts, or the run ends): the line is
  /// erased, and the thread ends. Idempotent.
  void stop();

 private:
  void spin();
  void show(unsigned turn, double seconds);

  ProgressMode m_mode;
  LiveLine& m_line;
  std::mutex m_mutex;
  std::condition_variable m_wake;
  bool m_stopping = false;
  std::thread m_thread;
};

}  // namespace arrayfeed

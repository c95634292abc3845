#pragma once

#include <chrono>

#include "core/run_clock.hpp"

namespace arrayfeed {

/// When this process started, on the run's clock (for the set-up's time) and
/// on the calendar (for --metrics' started_at).
struct ProcessStart {
  RunClock::time_point clock;
  std::chrono::system_clock::time_point wall;
};

/// Read once, as the program's static objects are made, before main: the
/// set-up time then includes loading the libraries and starting Python.
const ProcessStart& process_start();

}  // namespace arrayfeed

#pragma once

#include <exception>

#include "core/run_summary.hpp"

namespace arrayfeed {

/// Writes into `summary` how the error that ended the run ends it: its
/// reason and exit code (EarlyExit's own; failed with the Error's code).
void record_end(RunSummary& summary, const std::exception_ptr& error);

}  // namespace arrayfeed

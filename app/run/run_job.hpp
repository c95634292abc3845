#pragma once

#include <ostream>

#include "core/run_options.hpp"
#include "kernels/kernel_registry.hpp"

namespace arrayfeed {

/// One `arrayfeed run`: imports the script, sets up the kernel, runs the loop,
/// and reports the summary (to `report` unless quiet, and to --metrics) even
/// when the run fails. Needs a live Interpreter. Returns the exit code of a
/// graceful end (0, SystemExit's n, 130, 143); throws Error on failure.
int run_job(const RunOptions& options, const KernelRegistry& registry, std::ostream& report);

}  // namespace arrayfeed

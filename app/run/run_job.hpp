#pragma once

#include <ostream>

#include "core/run_options.hpp"
#include "kernels/kernel_registry.hpp"

namespace arrayfeed {

/// One `arrayfeed run`: imports the script, sets up the kernel, runs the loop,
/// and reports the summary (to `report` unless quiet, and to --metrics) even
/// when the run fails or stops early. Needs a live Interpreter. Returns 0
/// when the run completes; throws StopRequest for a graceful early end
/// (SystemExit, SIGINT, SIGTERM) and Error on failure.
int run_job(const RunOptions& options, const KernelRegistry& registry, std::ostream& report);

}  // namespace arrayfeed

#pragma once

#include "core/communicator.hpp"
#include "core/run_options.hpp"

namespace arrayfeed {

/// This rank's options: `{rank}` in --output, --timings and --metrics becomes
/// its number. Of several ranks in lock step, rank 0 writes the results (all
/// have the same); independent ranks each write their own, so an --output
/// without `{rank}` is a UsageError. Every rank writes its own --timings, so
/// one without `{rank}` is a UsageError too. A --metrics without it is rank 0's.
RunOptions for_rank(RunOptions options, const Communicator& ranks, bool lock_step);

}  // namespace arrayfeed

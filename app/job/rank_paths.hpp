#pragma once

#include "core/communicator.hpp"
#include "core/run_options.hpp"

namespace arrayfeed {

/// This rank's options: `{rank}` in --output and --metrics becomes its
/// number. Of several ranks, each writes its own results, so an --output
/// without `{rank}` is a UsageError; a --metrics without it is rank 0's.
RunOptions for_rank(RunOptions options, const Communicator& ranks);

}  // namespace arrayfeed

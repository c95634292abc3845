#pragma once

#include <optional>

#include "core/communicator.hpp"
#include "core/rank_notices.hpp"

namespace arrayfeed {

/// Where one rank stands when the ranks of a job decide something together.
struct RankState {
  bool has_array = true;  ///< it has its next array (lock step), or is ready to start
  bool stopping = false;  ///< its kernel asked to stop
  int exit_code = 0;      ///< its failure's exit code (as the process would exit: low 8 bits), 0 when none
};

/// What the ranks decided together.
struct Agreement {
  bool all_have_array = true;  ///< or: all are ready
  bool stop = false;
  std::optional<RankFailure> failure;
};

/// One MAX-allreduce of three integers over `ranks` (every rank must call
/// it at the same point): whether all have an array, whether any kernel
/// stops, and which rank failed first. A rank alone agrees with itself.
Agreement agree(Communicator& ranks, const RankState& mine);

}  // namespace arrayfeed

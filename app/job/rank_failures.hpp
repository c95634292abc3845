#pragma once

#include <exception>

#include "core/communicator.hpp"

namespace arrayfeed {

/// The ranks of a job learn together whether any failed or stopped: one
/// agreement, which every rank reaches at the same point. Throws RankFailed
/// with that rank's exit code when the lowest-numbered failing rank is
/// another (after logging this rank's own error, if it has one). Otherwise
/// returns whether every rank is free of errors (false when one, maybe this
/// one, failed or ended early, e.g. SystemExit(0)); this rank's own error
/// stays the caller's to throw. `mine` may be null; a RankFailed is not a
/// failure of this rank's own. Alone, says whether `mine` is null.
bool agree_on_failures(Communicator& host, const std::exception_ptr& mine);

/// The exit code of this rank's own failure; 0 for none, for a clean early
/// end (SystemExit(0)) and for RankFailed, which is another rank's.
int own_exit_code(const std::exception_ptr& error);

}  // namespace arrayfeed

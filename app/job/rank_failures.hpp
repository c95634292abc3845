#pragma once

#include <exception>

#include "core/communicator.hpp"

namespace arrayfeed {

/// The ranks of a job learn together whether any failed: one agreement,
/// which every rank reaches at the same point. Returns when none failed or
/// when the lowest-numbered failing rank is this one (its error stays the
/// caller's to throw); otherwise logs this rank's own error, if it has one,
/// and throws RankFailed with that rank's exit code. `mine` may be null; a
/// RankFailed is not a failure of this rank's own. Alone, returns at once.
void agree_on_failures(Communicator& host, const std::exception_ptr& mine);

}  // namespace arrayfeed

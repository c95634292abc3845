#pragma once

#include <memory>
#include <optional>
#include <string>

#include "core/communicator.hpp"
#include "core/launcher.hpp"

namespace arrayfeed {

/// The MPI library this build has for scale-out (CMake's ARRAYFEED_MPI),
/// e.g. "Open MPI v4.1.4", or none.
std::optional<std::string> built_in_mpi();

/// The job's ranks. Under a launcher, MPI's: MPI is initialised here, so
/// before Python starts, and finalised when the result is destroyed, so after
/// Python has stopped. Without one, a process alone, and MPI is not touched.
/// Throws UsageError when a launcher started several ranks of a build
/// without MPI (each would run the whole job), BackendError when MPI cannot start.
std::unique_ptr<JobRanks> join_ranks(const Launch& launch);

}  // namespace arrayfeed

// The mpi layer of a build without MPI (ARRAYFEED_MPI=OFF, or AUTO without
// Open MPI's development files).
#include <string>

#include "core/errors.hpp"
#include "mpi/ranks.hpp"

namespace arrayfeed {

std::optional<std::string> built_in_mpi() { return std::nullopt; }

std::unique_ptr<JobRanks> join_ranks(const Launch& launch) {
  if (launch.size > 1)
    throw UsageError("started as rank " + std::to_string(launch.rank) + " of " + std::to_string(launch.size) +
                     " by mpirun (or srun), but this arrayfeed is built without MPI, so each rank would run the "
                     "whole job and write the same output; rebuild with MPI (apt-get install libopenmpi-dev, "
                     "then cmake -DARRAYFEED_MPI=ON; `arrayfeed info` says whether it is built in) or run "
                     "without the launcher");
  return std::make_unique<SoloRanks>();
}

}  // namespace arrayfeed

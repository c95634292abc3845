#pragma once

namespace arrayfeed {

/// What the environment says of a launcher (mpirun, srun) that started this
/// process as one rank of several.
struct Launch {
  int size = 1;  ///< how many ranks the launcher started (1 when none or unknown)
  int rank = 0;
  int local_size = 1;  ///< of those, how many on this machine (1 when unknown)
  bool launched = false;
};

/// Reads Open MPI's (OMPI_COMM_WORLD_*), PMI's (PMI_*) and PMIx's (PMIX_RANK)
/// variables; a launch with none of them is a process alone.
Launch launch_from_environment();

}  // namespace arrayfeed

#pragma once

#include "core/run_options.hpp"

namespace arrayfeed {

/// Warns before the run when --threads and --prefetch keep more threads busy
/// than this process's affinity mask has cores while the machine has more
/// (mpirun binds each rank to one core by default): they would take turns
/// on the cores they have, and the run would gain nothing from them.
void warn_if_threads_lack_cores(const RunOptions& options);

}  // namespace arrayfeed

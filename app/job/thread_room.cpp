#include "job/thread_room.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <thread>

#include "kernels/chunk_pool.hpp"

namespace arrayfeed {

void warn_if_threads_lack_cores(const RunOptions& options) {
  if (options.threads <= 1 && options.prefetch == 0) return;
  const unsigned busy = options.threads + 1;  // the kernel's workers and the generator's thread
  const unsigned allowed = cores_in_affinity_mask();
  const unsigned machine = std::max(1U, std::thread::hardware_concurrency());
  if (allowed >= busy || allowed >= machine) return;
  spdlog::warn("--threads {}{} keeps {} threads busy, but this process may use only {} of the machine's {} cores "
               "(its affinity mask), so they take turns: under mpirun give each rank room with --bind-to none or "
               "--map-by slot:PE={}; elsewhere widen the mask (taskset -c, numactl)",
               options.threads, options.prefetch > 0 ? " with --prefetch" : "", busy, allowed, machine,
               std::min(busy, machine));
}

}  // namespace arrayfeed

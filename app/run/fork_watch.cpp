#include "run/fork_watch.hpp"

#include <pthread.h>
#include <unistd.h>

#include <spdlog/spdlog.h>

#include "core/exit_code.hpp"

namespace arrayfeed {

std::atomic<unsigned> ForkWatch::s_forks{0};
const int ForkWatch::s_counting = pthread_atfork(nullptr, nullptr, &ForkWatch::count_fork);

// _exit, not an exception: unwinding would close the generator, finish the
// kernel, print a summary and end the output from a copy of the parent's run,
// and join worker threads that do not exist in this process.
void ForkWatch::leave() {
  spdlog::error(
      "a process forked by the script (os.fork) came back into arrayfeed's loop, where it would run the "
      "parent's kernel and write into its output (under --prefetch/--threads: wait for worker threads it does "
      "not have); it ends here with exit code {}. End a forked child with os._exit(), or use multiprocessing",
      static_cast<int>(ExitScriptFailed));
  spdlog::default_logger()->flush();
  _exit(ExitScriptFailed);
}

}  // namespace arrayfeed

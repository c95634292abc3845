#include "run/fork_watch.hpp"

#include <pthread.h>
#include <unistd.h>

#include <atomic>

#include <spdlog/spdlog.h>

#include "core/exit_code.hpp"

namespace arrayfeed {
namespace {

std::atomic<unsigned> g_fork_generation{0};

/// How many forks away this process is from the one that first asked: 0 in
/// the original, one more in each child forked since (counted by fork itself,
/// so it costs nothing per array).
unsigned fork_generation() {
  static const int registered =
      pthread_atfork(nullptr, nullptr, [] { g_fork_generation.fetch_add(1, std::memory_order_relaxed); });
  (void)registered;
  return g_fork_generation.load(std::memory_order_relaxed);
}

}  // namespace

ForkWatch::ForkWatch() : m_forks_at_start(fork_generation()) {}

std::optional<SourcedArray> ForkWatch::next(ArraySource& source, const NextRequest& request) const {
  try {
    std::optional<SourcedArray> array = source.next(request);
    leave_if_forked_child();
    return array;
  } catch (...) {
    leave_if_forked_child();
    throw;
  }
}

// _exit, not an exception: unwinding would close the generator, finish the
// kernel, print a summary and end the output from a copy of the parent's run,
// and join worker threads that do not exist in this process.
void ForkWatch::leave_if_forked_child() const {
  if (fork_generation() == m_forks_at_start) return;
  spdlog::error(
      "a process forked by the script (os.fork) came back into arrayfeed's loop, where it would run the "
      "parent's kernel and write into its output (under --prefetch/--threads: wait for worker threads it does "
      "not have); it ends here with exit code {}. End a forked child with os._exit(), or use multiprocessing",
      static_cast<int>(ExitScriptFailed));
  spdlog::default_logger()->flush();
  _exit(ExitScriptFailed);
}

}  // namespace arrayfeed

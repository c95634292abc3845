#pragma once

#include <atomic>

#include "core/array_source.hpp"

namespace arrayfeed {

/// Tells the run's own process from a child that the script forked (os.fork)
/// during the run. Such a child that comes back into arrayfeed's loop instead
/// of ending itself is ended there at once: it would run the parent's kernel
/// again and write into the parent's output, and under --prefetch/--threads
/// wait forever for worker threads that fork does not copy.
class ForkWatch {
 public:
  ForkWatch() : m_forks_at_start(forks()) {}

  /// The source's next array, as ArraySource::next. A forked child comes
  /// back here, with an array or with the script's exception.
  bool next(ArraySource& source, const NextRequest& request, SourcedArray& array) const {
    try {
      const bool taken = source.next(request, array);
      leave_if_forked_child();
      return taken;
    } catch (...) {
      leave_if_forked_child();
      throw;
    }
  }

 private:
  /// Forks since the process started, counted by fork itself (pthread_atfork):
  /// 0 in the original, one more in each child forked since.
  static unsigned forks() { return s_forks.load(std::memory_order_relaxed); }
  void leave_if_forked_child() const {
    if (forks() != m_forks_at_start) leave();
  }
  [[noreturn]] static void leave();
  static void count_fork() { s_forks.fetch_add(1, std::memory_order_relaxed); }

  static std::atomic<unsigned> s_forks;
  static const int s_counting;  ///< pthread_atfork's registration of count_fork
  unsigned m_forks_at_start;
};

}  // namespace arrayfeed

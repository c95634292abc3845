#pragma once

#include <optional>

#include "core/array_source.hpp"

namespace arrayfeed {

/// Tells the run's own process from a child that the script forked (os.fork)
/// during the run. Such a child that comes back into arrayfeed's loop instead
/// of ending itself is ended there at once: it would run the parent's kernel
/// again and write into the parent's output, and under --prefetch/--threads
/// wait forever for worker threads that fork does not copy.
class ForkWatch {
 public:
  ForkWatch();

  /// The source's next array, as ArraySource::next. A forked child comes
  /// back here, with an array or with the script's exception.
  std::optional<SourcedArray> next(ArraySource& source, const NextRequest& request) const;

 private:
  void leave_if_forked_child() const;

  unsigned m_forks_at_start;
};

}  // namespace arrayfeed

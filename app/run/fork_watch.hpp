#pragma once

#include <pybind11/pybind11.h>

#include "python/script_iterator.hpp"

namespace arrayfeed {

/// Tells the run's own process from a child that the script forked (os.fork)
/// during the run. Such a child that comes back into arrayfeed's loop instead
/// of ending itself is ended there at once: it would run the parent's kernel
/// again and write into the parent's output, and under --prefetch/--threads
/// wait forever for worker threads that fork does not copy.
class ForkWatch {
 public:
  ForkWatch();

  /// The script's next item, as ScriptIterator::next. A forked child comes
  /// back here, with an item or with the script's exception.
  pybind11::object next(ScriptIterator& source, pybind11::handle result) const;

 private:
  void leave_if_forked_child() const;

  unsigned m_forks_at_start;
};

}  // namespace arrayfeed

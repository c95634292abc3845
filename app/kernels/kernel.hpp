#pragma once

#include "core/array_view.hpp"
#include "core/data_sets.hpp"
#include "core/input_contract.hpp"
#include "core/kernel_result.hpp"
#include "core/params.hpp"

namespace arrayfeed {

/// What a kernel call asks of the run once its input is done.
enum class AfterCall {
  go_on,
  /// End the run gracefully: this input's result is kept; the inputs yielded
  /// after it are not processed (with calls in flight, none started after it).
  stop,
};

/// A backend that processes one array at a time. The host calls init once,
/// then process for every input (without the GIL; never touches Python),
/// then finish once at the end.
class Kernel {
 public:
  virtual ~Kernel() = default;
  /// What process reads in place. May be narrowed by init (e.g. to the dtype
  /// and width of a loaded matrix); the host reads it again after init.
  virtual const InputContract& contract() const = 0;
  /// True if process may run on several threads at once.
  virtual bool thread_safe() const { return false; }
  /// Expensive one-time set-up belongs here; `data` outlives the kernel's
  /// use of it. Throws BackendError (or any std::exception) on failure.
  virtual void init(const Params& params, const DataSets& data) {
    (void)params;
    (void)data;
  }
  /// Reads `input` in place; leaves `result` as monostate for no result.
  /// The stop request belongs to the call, not to the kernel, so it means the
  /// same with several calls on several threads.
  virtual AfterCall process(const ArrayView& input, KernelResult& result) = 0;
  /// Totals over the whole run, printed with the run summary. Called once,
  /// only after a successful init.
  virtual NamedValues finish() { return {}; }
};

}  // namespace arrayfeed

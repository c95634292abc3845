#pragma once

#include "core/array_view.hpp"
#include "core/input_contract.hpp"
#include "core/kernel_result.hpp"
#include "core/params.hpp"

namespace arrayfeed {

/// A backend that processes one array at a time. The host calls init once,
/// then process for every input (without the GIL; never touches Python),
/// then summary at the end.
class Kernel {
 public:
  virtual ~Kernel() = default;
  virtual const InputContract& contract() const = 0;
  /// Expensive one-time set-up belongs here. Throws BackendError on failure.
  virtual void init(const Params& params) { (void)params; }
  /// Reads `input` in place; leaves `result` as monostate for no result.
  virtual void process(const ArrayView& input, KernelResult& result) = 0;
  /// Totals over the whole run, printed with the run summary.
  virtual NamedValues summary() const { return {}; }
};

}  // namespace arrayfeed

#pragma once

#include "kernels/kernel.hpp"

namespace arrayfeed {

/// Accepts any array of a kernel type (dtypes::kernel_readable, any layout)
/// and does nothing: the run then measures the host alone. It never reads an
/// element, but takes what every "any dtype" kernel takes, so that swapping
/// it for a real kernel never turns an accepted array into a refused one.
class NopKernel : public Kernel {
 public:
  const KernelInputs& inputs() const override;
  bool thread_safe() const override { return true; }
  AfterCall process(const StepInputs&, KernelResult&) override { return AfterCall::go_on; }
};

}  // namespace arrayfeed

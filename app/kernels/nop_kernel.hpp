#pragma once

#include "kernels/kernel.hpp"

namespace arrayfeed {

/// Accepts any array and does nothing: the run then measures the host alone.
class NopKernel : public Kernel {
 public:
  const InputContract& contract() const override;
  bool thread_safe() const override { return true; }
  AfterCall process(const ArrayView&, KernelResult&) override { return AfterCall::go_on; }
};

}  // namespace arrayfeed

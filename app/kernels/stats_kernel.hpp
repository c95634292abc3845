#pragma once

#include "kernels/kernel.hpp"
#include "kernels/running_stats.hpp"

namespace arrayfeed {

/// Per-array statistics (count, sum, mean, std, min, max, nan_count) of
/// float32/float64 arrays of any shape, and the same over the whole run.
class StatsKernel : public Kernel {
 public:
  const KernelInputs& inputs() const override;
  AfterCall process(const StepInputs& step, KernelResult& result) override;
  NamedValues finish() override { return m_total.named(); }
  bool merge_across(Communicator& ranks) override {
    m_total.merge_across(ranks);
    return true;
  }

 private:
  RunningStats m_total;
};

}  // namespace arrayfeed

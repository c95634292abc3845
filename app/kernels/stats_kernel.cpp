#include "kernels/stats_kernel.hpp"

namespace arrayfeed {

const KernelInputs& StatsKernel::inputs() const {
  static const KernelInputs floats = one_input(
      {.dtypes = {dtypes::float32, dtypes::float64}, .min_ndim = 0, .max_ndim = 32, .strided_ok = false});
  return floats;
}

AfterCall StatsKernel::process(const StepInputs& step, KernelResult& result) {
  const ArrayView& input = step.first;
  const RunningStats s = input.dtype == dtypes::float32
                             ? RunningStats::of(static_cast<const float*>(input.data), input.size())
                             : RunningStats::of(static_cast<const double*>(input.data), input.size());
  m_total.merge(s);
  result = s.named();
  return AfterCall::go_on;
}

}  // namespace arrayfeed

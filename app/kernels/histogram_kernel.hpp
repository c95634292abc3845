#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "kernels/kernel.hpp"
#include "kernels/uniform_bins.hpp"

namespace arrayfeed {

/// Counts of each array's values in `bins` equal bins over [lo, hi] (params
/// bins, lo, hi), equal to np.histogram(x, bins, range=(lo, hi))[0] under
/// NumPy 1.24; the totals over the run, and what fell outside, at the end.
class HistogramKernel : public Kernel {
 public:
  const KernelInputs& inputs() const override;
  /// bins (whole, 10), lo and hi (numbers, no default).
  const ParamInfos& params() const override;
  /// Throws BackendError naming the parameter if bins, lo or hi is missing or
  /// unusable (bins > 0; lo < hi, both finite).
  void init(const Params& params, const DataSets& data) override;
  AfterCall process(const StepInputs& step, KernelResult& result) override;
  /// counts (int64, bins), below, above, nan.
  NamedValues finish() override;

 private:
  std::optional<UniformBins> m_bins;
  std::vector<std::int64_t> m_total;
  OutsideCounts m_outside;
};

}  // namespace arrayfeed

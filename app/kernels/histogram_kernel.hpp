#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "kernels/kernel.hpp"
#include "kernels/uniform_bins.hpp"
#include "kernels/weight_sums.hpp"

namespace arrayfeed {

/// Counts of each array's values in `bins` equal bins over [lo, hi] (params
/// bins, lo, hi), equal to np.histogram(x, bins, range=(lo, hi))[0] under
/// NumPy 1.24, or with an optional second input `weights` the float64 sums
/// of np.histogram(x, bins, range, weights=weights.astype(np.float64))[0];
/// the totals over the run, and what fell outside, at the end.
class HistogramKernel : public Kernel {
 public:
  /// x, then the optional weights (float32/float64, the shape of x).
  const KernelInputs& inputs() const override;
  /// bins (whole, 10), lo and hi (numbers, no default).
  const ParamInfos& params() const override;
  /// Throws BackendError naming the parameter if bins, lo or hi is missing or
  /// unusable (bins > 0; lo < hi, both finite).
  void init(const Params& params, const DataSets& data) override;
  AfterCall process(const StepInputs& step, KernelResult& result) override;
  /// counts (int64, bins), below, above, nan; and weighted (float64, bins)
  /// once a step had weights: each step's result added bin by bin, a step
  /// without weights adding its counts.
  NamedValues finish() override;
  /// Every rank's totals summed (weighted ones up to rounding: the order of
  /// the sums differs from one rank's).
  bool merge_across(Communicator& ranks) override;

 private:
  /// The step's weighted sums (float64, bins); counts go to the totals.
  ResultArray weighed(const ArrayView& x, const ArrayView& weights);

  std::optional<UniformBins> m_bins;
  std::vector<std::int64_t> m_total;
  OutsideCounts m_outside;
  std::optional<WeightSums> m_weight_sums;  ///< from the first step with weights
  std::vector<double> m_weighted;           ///< empty until a step has weights
};

}  // namespace arrayfeed

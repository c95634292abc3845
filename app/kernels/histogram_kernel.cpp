#include "kernels/histogram_kernel.hpp"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <new>
#include <span>
#include <string>

#include "core/errors.hpp"
#include "kernels/kernel_params.hpp"

namespace arrayfeed {
namespace {

const std::string kRangeExample = "--set lo=0 --set hi=1";

// The number of bins is the user's, so running out of memory for them names it and the fix.
[[noreturn]] void refuse_bins(std::int64_t bins) {
  throw BackendError("parameter 'bins' is " + std::to_string(bins) +
                     ": more bins than memory holds; use fewer, e.g. --set bins=1000");
}

// The edges, the run's totals and each array's counts take 8 bytes a bin
// each; with weights, so do the weighted totals, each array's sums and a
// block's sums. Beyond the machine's memory the allocation may still succeed
// (Linux overcommits) and the run be killed once the counts are touched:
// refuse first, weights or not, so a run never fails at its first weights.
constexpr double kBytesPerBin = 6 * 8;

bool beyond_memory(std::int64_t bins) {
  const double memory = static_cast<double>(::sysconf(_SC_PHYS_PAGES)) * static_cast<double>(::sysconf(_SC_PAGESIZE));
  return static_cast<double>(bins) * kBytesPerBin > memory;
}

template <typename T>
std::span<const T> elements(const ArrayView& array) {
  return {static_cast<const T*>(array.data), array.size()};
}

template <typename T>
void add_bin_by_bin(std::vector<double>& totals, const T* step) {
  for (std::size_t i = 0; i < totals.size(); ++i) totals[i] += static_cast<double>(step[i]);
}

template <typename T>
void add_weights(const UniformBins& bins, std::span<const T> x, const ArrayView& weights, WeightSums& sums,
                 std::int64_t* counts, double* out, OutsideCounts& outside) {
  if (weights.dtype == dtypes::float32)
    sums.add(bins, x, elements<float>(weights), counts, out, outside);
  else
    sums.add(bins, x, elements<double>(weights), counts, out, outside);
}

std::string number_text(double v) {
  char text[32];
  std::snprintf(text, sizeof text, "%.17g", v);
  return text;
}

}  // namespace

const KernelInputs& HistogramKernel::inputs() const {
  static const InputContract floats{
      .dtypes = {dtypes::float32, dtypes::float64}, .min_ndim = 0, .max_ndim = 32, .strided_ok = false};
  static const KernelInputs x_and_weights{
      {.name = default_input_name, .contract = floats},
      {.name = "weights", .contract = floats, .optional = true, .same_shape_as = 0},
  };
  return x_and_weights;
}

const ParamInfos& HistogramKernel::params() const {
  static const ParamInfos declared{
      {.name = "bins", .type = ParamType::whole, .default_value = "10", .help = "number of equal bins, > 0"},
      {.name = "lo", .type = ParamType::number, .help = "lower edge of the first bin"},
      {.name = "hi", .type = ParamType::number, .help = "upper edge of the last bin, > lo"},
  };
  return declared;
}

void HistogramKernel::init(const Params& params, const DataSets&) {
  const std::int64_t bins = whole_param(params, "bins", 10);
  if (bins <= 0)
    throw BackendError("parameter 'bins' must be > 0, got " + std::to_string(bins) + ": e.g. --set bins=10");
  const double lo = number_param(params, "lo", kRangeExample);
  const double hi = number_param(params, "hi", kRangeExample);
  if (!std::isfinite(lo) || !std::isfinite(hi) || !(lo < hi))
    throw BackendError("parameters 'lo' and 'hi' must be finite with lo < hi, got lo=" + number_text(lo) +
                       " hi=" + number_text(hi) + ": e.g. " + kRangeExample);
  // NumPy would make NaN edges or bin indices out of these; refuse them instead.
  const std::string range = " (lo=" + number_text(lo) + " hi=" + number_text(hi) + "): e.g. " + kRangeExample;
  if (!std::isfinite(hi - lo))
    throw BackendError("parameters 'lo' and 'hi' are too far apart: hi - lo overflows" + range);
  if (!std::isfinite(static_cast<double>(bins) / (hi - lo)))
    throw BackendError("parameters 'lo' and 'hi' are too close for " + std::to_string(bins) + " bins" + range);
  if (beyond_memory(bins)) refuse_bins(bins);
  try {
    m_bins.emplace(bins, lo, hi);
    m_total.assign(static_cast<std::size_t>(bins), 0);
  } catch (const std::bad_alloc&) {  // within the machine's memory, but not free
    refuse_bins(bins);
  }
}

AfterCall HistogramKernel::process(const StepInputs& step, KernelResult& result) {
  const ArrayView& x = step.first;
  if (step.size() > 1 && step.has(1)) {
    // The first step with weights starts the weighted totals from the counts
    // so far, as if those steps had been weighted by ones.
    if (m_weighted.empty()) m_weighted.assign(m_total.begin(), m_total.end());
    ResultArray sums = weighed(x, step[1]);
    add_bin_by_bin(m_weighted, sums.as<double>());
    result = Value{std::move(sums)};
    return AfterCall::go_on;
  }
  ResultArray counts = ResultArray::allocate(dtypes::int64, {m_bins->size()});
  std::int64_t* slots = counts.as<std::int64_t>();
  std::fill(slots, slots + m_bins->size(), 0);
  if (x.dtype == dtypes::float32)
    m_bins->count(elements<float>(x), slots, m_outside);
  else
    m_bins->count(elements<double>(x), slots, m_outside);
  std::transform(m_total.begin(), m_total.end(), slots, m_total.begin(), std::plus<>());
  if (!m_weighted.empty()) add_bin_by_bin(m_weighted, slots);
  result = Value{std::move(counts)};
  return AfterCall::go_on;
}

ResultArray HistogramKernel::weighed(const ArrayView& x, const ArrayView& weights) {
  if (!m_weight_sums) m_weight_sums.emplace(m_bins->size());
  ResultArray sums = ResultArray::allocate(dtypes::float64, {m_bins->size()});
  double* out = sums.as<double>();
  std::fill(out, out + m_bins->size(), 0.0);
  if (x.dtype == dtypes::float32)
    add_weights(*m_bins, elements<float>(x), weights, *m_weight_sums, m_total.data(), out, m_outside);
  else
    add_weights(*m_bins, elements<double>(x), weights, *m_weight_sums, m_total.data(), out, m_outside);
  return sums;
}

bool HistogramKernel::merge_across(Communicator& ranks) {
  // A rank without weighted steps brings its counts, as its steps would have
  // added them had another step had weights.
  std::int64_t weighted = m_weighted.empty() ? 0 : 1;
  ranks.allreduce(&weighted, 1, dtypes::int64, ReduceOp::max);
  if (weighted && m_weighted.empty()) m_weighted.assign(m_total.begin(), m_total.end());
  if (weighted) ranks.allreduce(m_weighted.data(), m_weighted.size(), dtypes::float64, ReduceOp::sum);
  ranks.allreduce(m_total.data(), m_total.size(), dtypes::int64, ReduceOp::sum);
  std::int64_t outside[3] = {m_outside.below, m_outside.above, m_outside.nan};
  ranks.allreduce(outside, 3, dtypes::int64, ReduceOp::sum);
  m_outside = {.below = outside[0], .above = outside[1], .nan = outside[2]};
  return true;
}

NamedValues HistogramKernel::finish() {
  const auto bins = static_cast<std::ptrdiff_t>(m_total.size());
  ResultArray counts = ResultArray::allocate(dtypes::int64, {bins});
  std::copy(m_total.begin(), m_total.end(), counts.as<std::int64_t>());
  NamedValues totals{{"counts", std::move(counts)}};
  if (!m_weighted.empty()) {
    ResultArray weighted = ResultArray::allocate(dtypes::float64, {bins});
    std::copy(m_weighted.begin(), m_weighted.end(), weighted.as<double>());
    totals.push_back({"weighted", std::move(weighted)});
  }
  totals.insert(totals.end(), {{"below", m_outside.below}, {"above", m_outside.above}, {"nan", m_outside.nan}});
  return totals;
}

}  // namespace arrayfeed

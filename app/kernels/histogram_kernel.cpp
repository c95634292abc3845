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
constexpr DType kInt64{.kind = 'i', .itemsize = 8};

// The number of bins is the user's, so running out of memory for them names it and the fix.
[[noreturn]] void refuse_bins(std::int64_t bins) {
  throw BackendError("parameter 'bins' is " + std::to_string(bins) +
                     ": more bins than memory holds; use fewer, e.g. --set bins=1000");
}

// The edges, the run's totals and each array's counts take 8 bytes a bin
// each. Beyond the machine's memory the allocation may still succeed (Linux
// overcommits) and the run be killed once the counts are touched: refuse first.
bool beyond_memory(std::int64_t bins) {
  const double memory = static_cast<double>(::sysconf(_SC_PHYS_PAGES)) * static_cast<double>(::sysconf(_SC_PAGESIZE));
  return static_cast<double>(bins) * 3 * sizeof(std::int64_t) > memory;
}

std::string number_text(double v) {
  char text[32];
  std::snprintf(text, sizeof text, "%.17g", v);
  return text;
}

}  // namespace

const KernelInputs& HistogramKernel::inputs() const {
  static const KernelInputs floats = one_input(
      {.dtypes = {dtypes::float32, dtypes::float64}, .min_ndim = 0, .max_ndim = 32, .strided_ok = false});
  return floats;
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
  const ArrayView& input = step.first;
  ResultArray counts = ResultArray::allocate(kInt64, {m_bins->size()});
  std::int64_t* slots = counts.as<std::int64_t>();
  std::fill(slots, slots + m_bins->size(), 0);
  if (input.dtype == dtypes::float32)
    m_bins->count(std::span{static_cast<const float*>(input.data), input.size()}, slots, m_outside);
  else
    m_bins->count(std::span{static_cast<const double*>(input.data), input.size()}, slots, m_outside);
  std::transform(m_total.begin(), m_total.end(), slots, m_total.begin(), std::plus<>());
  result = Value{std::move(counts)};
  return AfterCall::go_on;
}

NamedValues HistogramKernel::finish() {
  ResultArray counts = ResultArray::allocate(kInt64, {static_cast<std::ptrdiff_t>(m_total.size())});
  std::copy(m_total.begin(), m_total.end(), counts.as<std::int64_t>());
  return {{"counts", std::move(counts)},
          {"below", m_outside.below},
          {"above", m_outside.above},
          {"nan", m_outside.nan}};
}

}  // namespace arrayfeed

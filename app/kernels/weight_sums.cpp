#include "kernels/weight_sums.hpp"

#include <algorithm>
#include <cstddef>

namespace arrayfeed {
namespace {

constexpr std::size_t kBlock = 65536;  // numpy/lib/histograms.py's BLOCK

}  // namespace

WeightSums::WeightSums(std::int64_t bins) : m_bin_of(kBlock), m_block(static_cast<std::size_t>(bins), 0.0) {}

template <typename T, typename W>
void WeightSums::add(const UniformBins& bins, std::span<const T> values, std::span<const W> weights,
                     std::int64_t* counts, double* sums, OutsideCounts& outside) {
  for (std::size_t start = 0; start < values.size(); start += kBlock) {
    const std::size_t n = std::min(kBlock, values.size() - start);
    bins.locate(values.subspan(start, n), m_bin_of.data(), outside);
    for (std::size_t k = 0; k < n; ++k) {
      if (const std::int64_t bin = m_bin_of[k]; bin >= 0) {
        m_block[bin] += static_cast<double>(weights[start + k]);
        ++counts[bin];
      }
    }
    // A bin seen twice adds 0.0 the second time, which changes no sum: a sum
    // that starts at +0.0 never becomes -0.0.
    for (std::size_t k = 0; k < n; ++k) {
      if (const std::int64_t bin = m_bin_of[k]; bin >= 0) {
        sums[bin] += m_block[bin];
        m_block[bin] = 0.0;
      }
    }
  }
}

template void WeightSums::add<float, float>(const UniformBins&, std::span<const float>, std::span<const float>,
                                            std::int64_t*, double*, OutsideCounts&);
template void WeightSums::add<float, double>(const UniformBins&, std::span<const float>, std::span<const double>,
                                             std::int64_t*, double*, OutsideCounts&);
template void WeightSums::add<double, float>(const UniformBins&, std::span<const double>, std::span<const float>,
                                             std::int64_t*, double*, OutsideCounts&);
template void WeightSums::add<double, double>(const UniformBins&, std::span<const double>, std::span<const double>,
                                              std::int64_t*, double*, OutsideCounts&);

}  // namespace arrayfeed

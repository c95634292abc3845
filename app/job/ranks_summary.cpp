#include "job/ranks_summary.hpp"

#include <array>
#include <algorithm>
#include <cstdint>
#include <vector>

namespace arrayfeed {
namespace {

constexpr std::size_t figures_per_rank = 9;

// Every rank's own figures on every rank: each fills its slot of a zeroed
// table and a sum brings the slots together (a gather with the one reduction
// the communicator has).
std::vector<RankFigures> gather_figures(const RankFigures& own, Communicator& host) {
  std::vector<std::int64_t> table(figures_per_rank * static_cast<std::size_t>(host.size()), 0);
  const std::array<std::int64_t, figures_per_rank> mine{
      own.arrays,         own.script_ns,      own.host_ns,        own.kernel_ns,      own.wall_ns,
      own.latency_p50_ns, own.latency_p90_ns, own.latency_p99_ns, own.latency_p999_ns};
  std::copy(mine.begin(), mine.end(), table.begin() + static_cast<std::ptrdiff_t>(figures_per_rank) * host.rank());
  if (host.size() > 1) host.allreduce(table.data(), table.size(), dtypes::int64, ReduceOp::sum);
  std::vector<RankFigures> all;
  for (auto at = table.begin(); at != table.end(); at += figures_per_rank)
    all.push_back({at[0], at[1], at[2], at[3], at[4], at[5], at[6], at[7], at[8]});
  return all;
}

// The job's longest: its slowest rank's loop, set-up and array.
void merge_maxima(RunSummary& summary, Communicator& host) {
  std::array<std::int64_t, 3> maxima{summary.wall_ns, summary.init_ns,
                                     static_cast<std::int64_t>(summary.latency.max())};
  host.allreduce(maxima.data(), maxima.size(), dtypes::int64, ReduceOp::max);
  summary.wall_ns = maxima[0];
  summary.init_ns = maxima[1];
  summary.latency.raise_max(static_cast<std::uint64_t>(maxima[2]));
}

}  // namespace

void merge_summaries(RunSummary& summary, Communicator& host, bool kernel_totals_of_job) {
  summary.per_rank = gather_figures(summary.own_figures(), host);
  if (host.size() == 1) return;
  std::array<std::int64_t, 7> sums{
      static_cast<std::int64_t>(summary.arrays), static_cast<std::int64_t>(summary.bytes_handed_over),
      static_cast<std::int64_t>(summary.copies), static_cast<std::int64_t>(summary.bytes_copied),
      summary.script_ns, summary.host_ns, summary.kernel_ns,
  };
  host.allreduce(sums.data(), sums.size(), dtypes::int64, ReduceOp::sum);
  summary.arrays = static_cast<std::uint64_t>(sums[0]);
  summary.bytes_handed_over = static_cast<std::uint64_t>(sums[1]);
  summary.copies = static_cast<std::uint64_t>(sums[2]);
  summary.bytes_copied = static_cast<std::uint64_t>(sums[3]);
  summary.script_ns = sums[4];
  summary.host_ns = sums[5];
  summary.kernel_ns = sums[6];
  merge_maxima(summary, host);
  summary.latency.combine([&](std::uint64_t* buckets, std::size_t n) {
    host.allreduce(buckets, n, dtypes::int64, ReduceOp::sum);
  });
  summary.ranks = host.size();
  summary.kernel_summary_of_rank_0 = !kernel_totals_of_job && !summary.kernel_summary.empty();
}

}  // namespace arrayfeed

#include "job/ranks_summary.hpp"

#include <array>
#include <cstdint>

namespace arrayfeed {
void merge_summaries(RunSummary& summary, Communicator& host, bool kernel_totals_of_job) {
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
  host.allreduce(&summary.wall_ns, 1, dtypes::int64, ReduceOp::max);
  summary.latency.combine([&](std::uint64_t* buckets, std::size_t n) {
    host.allreduce(buckets, n, dtypes::int64, ReduceOp::sum);
  });
  summary.ranks = host.size();
  summary.kernel_summary_of_rank_0 = !kernel_totals_of_job && !summary.kernel_summary.empty();
}

}  // namespace arrayfeed

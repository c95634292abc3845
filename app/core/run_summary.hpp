#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "core/end_reason.hpp"
#include "core/kernel_result.hpp"
#include "core/latency_histogram.hpp"
#include "core/run_options.hpp"

namespace arrayfeed {

/// One rank's own figures, for --metrics' per-rank list.
struct RankFigures {
  std::int64_t arrays = 0;
  std::int64_t script_ns = 0;
  std::int64_t host_ns = 0;
  std::int64_t kernel_ns = 0;
  std::int64_t wall_ns = 0;
  std::int64_t latency_p50_ns = 0;
  std::int64_t latency_p90_ns = 0;
  std::int64_t latency_p99_ns = 0;
  std::int64_t latency_p999_ns = 0;
};

/// What made a run's figures, for --metrics: a change of figures between two
/// runs may be the tools'.
struct Versions {
  std::string arrayfeed;
  std::string python;
  std::string numpy;
};

/// The version of --metrics' layout: raised when a key changes meaning or
/// goes (docs/contract.md says what changed); new keys alone keep it.
inline constexpr int kMetricsSchemaVersion = 2;

/// What a run did and where its time went, for stderr and --metrics.
struct RunSummary {
  std::string kernel;
  EndReason end_reason = EndReason::not_started;
  std::string end_text;  ///< the end in words when more precise than the reason's ("SystemExit(4)")
  int exit_code = 0;     ///< the process's, as the run ends
  std::uint64_t arrays = 0;
  std::uint64_t bytes_handed_over = 0;
  std::uint64_t copies = 0;
  std::uint64_t bytes_copied = 0;
  std::int64_t script_ns = 0;  ///< inside the generator (producing arrays)
  std::int64_t host_ns = 0;    ///< arrayfeed itself: reading, checking, results
  std::int64_t kernel_ns = 0;  ///< inside the kernel
  std::int64_t wall_ns = 0;    ///< the loop's, from its first array asked for to the run's end
  std::int64_t init_ns = 0;    ///< from the process's start to the loop's: plugins, data, script, kernel init
  std::chrono::system_clock::time_point started_at;  ///< the process's start
  std::chrono::system_clock::time_point ended_at;    ///< the run's end
  Versions versions;
  RunOptions options;          ///< what the run was asked to do
  LatencyHistogram latency;    ///< per array: host + kernel
  NamedValues kernel_summary;
  int ranks = 1;               ///< of the job the figures are of (merge_summaries)
  bool kernel_summary_of_rank_0 = false;  ///< of several ranks, the kernel's totals are rank 0's alone
  std::vector<RankFigures> per_rank;      ///< in rank order, once the ranks merged their summaries

  /// This process's own figures, before any merge.
  RankFigures own_figures() const;

  double arrays_per_second() const;
  /// Several lines for a person.
  std::string text() const;
  /// One JSON object with every figure; times in seconds, latencies in microseconds.
  std::string json() const;
};

}  // namespace arrayfeed

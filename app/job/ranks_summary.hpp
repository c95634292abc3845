#pragma once

#include "core/communicator.hpp"
#include "core/run_summary.hpp"

namespace arrayfeed {

/// The job's summary from every rank's, on every rank: arrays, bytes and
/// times summed, the wall and set-up times and the latency maximum the
/// slowest rank's, the latency histograms merged (so the quantiles are over
/// all arrays). The kernel's totals are
/// the job's when it reduces across ranks or merged them; otherwise they
/// are marked as this rank's; `per_rank` lists every rank's own figures (of
/// one rank too). Every rank calls it at the same point.
void merge_summaries(RunSummary& summary, Communicator& host, bool kernel_totals_of_job);

}  // namespace arrayfeed

#pragma once

#include <memory>
#include <optional>
#include <ostream>

#include "core/communicator.hpp"
#include "core/kernel_signals.hpp"
#include "core/output_file.hpp"
#include "core/results_writer.hpp"
#include "core/run_options.hpp"
#include "core/run_summary.hpp"
#include "core/timings_writer.hpp"
#include "job/first_error.hpp"
#include "job/job_setup.hpp"
#include "kernels/kernel_registry.hpp"
#include "python/script_source.hpp"
#include "run/progress.hpp"
#include "run/set_up_spinner.hpp"

namespace arrayfeed {

/// One `arrayfeed run` after its set-up, in steps: initialise the kernel,
/// start the script, run the loop, then end in order (close the script,
/// finish the output and the kernel, report the summary), whatever stopped
/// it. The first error is the run's (FirstError). Needs the GIL.
class RunJob {
 public:
  /// Opens --output, --timings and --metrics (locked, contents untouched until the
  /// first result), this rank's (see for_rank). Throws UsageError if another
  /// run holds them, or for what several ranks cannot do.
  /// The loop stops `spinner`, as does the end of a run that never reached it.
  RunJob(JobSetup& setup, JobRanks& ranks, std::ostream& report, SetUpSpinner& spinner);

  /// Returns 0 when the run completes; throws EarlyExit for a graceful early
  /// end and Error on failure, in both cases after the summary. Of several
  /// ranks, all start the loop only when every one is ready, and all end with
  /// the exit code of the lowest-numbered rank that failed.
  int run();

 private:
  bool lock_step() const;
  /// Every rank learns whether any failed; another's failure becomes the
  /// run's. Returns whether no rank had an error (agree_on_failures).
  bool agree_with_ranks(FirstError& errors);
  /// Independent ranks: tells the others at once when this one failed.
  void tell_other_ranks(const FirstError& errors);
  void init_kernel();
  void start_script();
  EndReason loop();
  void end(FirstError& errors);
  /// Warns of each parameter set that neither the kernel declares nor the script read.
  void warn_unknown_params() const;
  void finish_kernel();
  void report_summary(const FirstError& errors);

  JobSetup& m_setup;
  JobRanks& m_ranks;
  const RunOptions m_options;  ///< the setup's, for this rank (for_rank)
  std::ostream& m_report;
  SetUpSpinner& m_spinner;
  std::unique_ptr<ResultsWriter> m_writer;
  std::unique_ptr<OutputFile> m_metrics;
  std::unique_ptr<TimingsWriter> m_timings;
  RunSummary m_summary;
  Progress m_progress;
  std::optional<RunClock::time_point> m_loop_started;  ///< the summary's times before it are the set-up's
  KernelSignals m_kernel_signals;
  bool m_initialised = false;
  /// Every rank reached the loop (a rank alone: it did).
  bool m_started_together = false;
  /// The kernel merged its totals with every rank's.
  bool m_totals_merged = false;
  std::unique_ptr<ScriptSource> m_source;
};

/// Sets up and runs one `arrayfeed run` as one of `ranks` (rank 0 sets up
/// first: its data_sets() may write files the others map), reporting the
/// summary to `report` (unless --quiet) and to --metrics. Needs a live interpreter.
int run_job(const RunOptions& options, const KernelRegistry& registry, JobRanks& ranks, std::ostream& report);

}  // namespace arrayfeed

#include "job/run_job.hpp"

#include <spdlog/spdlog.h>

#include "core/early_exit.hpp"
#include "core/errors.hpp"
#include "core/kernel_calls.hpp"
#include "core/process_start.hpp"
#include "core/set_up_step.hpp"
#include "job/rank_failures.hpp"
#include "job/rank_paths.hpp"
#include "job/thread_room.hpp"
#include "job/ranks_summary.hpp"
#include "job/run_end.hpp"
#include "job/unknown_params.hpp"
#include "python/python_aside.hpp"
#include "python/python_info.hpp"
#include "python/python_signals.hpp"
#include "python/script_output.hpp"
#include "run/run_loop.hpp"
#include "version.hpp"

namespace arrayfeed {
namespace {

// The .jsonl lines of one of several independent ranks say whose they are
// (in lock step rank 0 writes what all ranks agree on).
std::optional<int> rank_in_lines(JobRanks& ranks, bool lock_step) {
  if (ranks.host().size() == 1 || lock_step) return std::nullopt;
  return ranks.host().rank();
}

// The pipelined loop has no agreement before each array (yet): a kernel that
// reduces across ranks runs in the serial loop.
const RunOptions& refuse_pipelined_lock_step(const RunOptions& options, bool lock_step) {
  if (lock_step && (options.prefetch > 0 || options.threads > 1))
    throw UsageError("--prefetch and --threads are not available with a kernel that reduces across ranks (" +
                     std::string(options.threads > 1 ? "--threads" : "--prefetch") +
                     " given): run without them, or on one rank");
  return options;
}

// For --log-level debug: which loop runs, and on how many threads.
void log_loop_layout(const RunOptions& options, bool lock_step) {
  if (options.prefetch == 0 && options.threads == 1)
    return spdlog::debug("loop: serial, on the main thread{}: each result is sent back into the generator",
                         lock_step ? ", in lock step with the other ranks" : "");
  spdlog::debug("loop: pipelined: the generator on the main thread runs up to {} array(s) ahead of the kernel on "
                "{} thread(s); the generator receives None", options.prefetch, options.threads);
}

}  // namespace

RunJob::RunJob(JobSetup& setup, JobRanks& ranks, std::ostream& report, SetUpSpinner& spinner)
    : m_setup(setup),
      m_ranks(ranks),
      m_options(for_rank(refuse_pipelined_lock_step(setup.options, lock_step()), ranks.host(), lock_step())),
      m_report(report),
      m_spinner(spinner),
      m_writer(m_options.output
                   ? open_results_writer(*m_options.output, run_signal_handlers, rank_in_lines(ranks, lock_step()))
                   : nullptr),
      m_metrics(m_options.metrics ? std::make_unique<OutputFile>(*m_options.metrics, "--metrics", run_signal_handlers)
                                  : nullptr),
      m_timings(m_options.timings ? std::make_unique<TimingsWriter>(*m_options.timings, run_signal_handlers) : nullptr),
      m_progress(ranks.host().rank() == 0 ? setup.options.progress : ProgressMode::off, LiveLine::on_stderr()),
      m_kernel_signals(setup.entry.name, setup.data.sets()) {
  m_summary.kernel = setup.entry.name;
  m_summary.options = m_options;
  m_summary.started_at = process_start().wall;
  const PythonInfo python = python_info();
  m_summary.versions = {.arrayfeed = kArrayfeedVersion, .python = python.version, .numpy = python.numpy_version};
  if (ranks.host().rank() == 0) warn_if_threads_lack_cores(m_options);  // one line for the job, not one per rank
}

int RunJob::run() {
  FirstError errors;
  errors.step([&] {
    init_kernel();
    start_script();
  });
  // The rank that failed (or ended) before the loop is waited for here, not in it.
  m_started_together = agree_with_ranks(errors);
  if (m_started_together) errors.step([&] { m_summary.end_reason = loop(); });
  tell_other_ranks(errors);
  end(errors);
  if (m_started_together) agree_with_ranks(errors);
  errors.rethrow();
  return ExitSuccess;
}

// In lock step the next agreement tells them; alone there is no one to tell.
void RunJob::tell_other_ranks(const FirstError& errors) {
  if (lock_step() || m_ranks.host().size() == 1) return;
  // The low 8 bits, as the process exits and the agreements count: SystemExit(256) is a clean end.
  if (const int code = own_exit_code(errors.first()) & 255) m_ranks.notices().announce_failure(code);
}

bool RunJob::lock_step() const { return m_setup.kernel->collective() && m_ranks.host().size() > 1; }

bool RunJob::agree_with_ranks(FirstError& errors) {
  try {
    return agree_on_failures(m_ranks.host(), errors.first());
  } catch (const RankFailed&) {
    errors.outranked_by(std::current_exception());
    return false;
  }
}

void RunJob::init_kernel() {
  const SetUpStep step("initialising kernel '" + m_setup.entry.name + "'");
  try {
    const KernelCallMark call(KernelPhase::init);
    m_setup.kernel->join(m_ranks.kernels());
    m_setup.kernel->init(m_setup.params, m_setup.data.sets());
  } catch (const std::exception& e) {
    throw BackendError("kernel '" + m_setup.entry.name + "' failed to initialise: " + e.what());
  }
  m_initialised = true;
  step.done("kernel '" + m_setup.entry.name + "' initialised");
  run_signal_handlers();  // a Ctrl-C during a long init ends the run here, before any result
}

void RunJob::start_script() {
  const RunOptions& options = m_setup.options;
  // After init: a kernel may narrow its contract to the data it loaded.
  m_source = m_setup.script.start({
      .params = m_setup.params,
      .data = m_setup.data,
      .kernel_name = m_setup.entry.name,
      .kernel_description = m_setup.entry.description,
      .inputs = m_setup.kernel->inputs(),
      .ranks = m_ranks.script(),
      .convert = options.convert,
      // The pipelined loop runs the generator ahead: a result is not ready when the next yield returns.
      .results_sent_back = options.prefetch == 0 && options.threads <= 1,
  });
  spdlog::debug("kernel '{}' takes {}", m_setup.entry.name, describe(m_setup.kernel->inputs()));
  std::optional<std::uint64_t> total = m_source->length();
  if (options.max_arrays && (!total || *options.max_arrays < *total)) total = options.max_arrays;
  m_progress.set_total(total);
}

EndReason RunJob::loop() {
  const RunOptions& options = m_setup.options;
  m_loop_started = RunClock::now();
  m_summary.init_ns = ns_between(process_start().clock, *m_loop_started);
  ResultRecorder recorder(m_summary, m_writer.get(), m_progress, m_timings.get(), *m_loop_started);
  log_loop_layout(options, lock_step());
  m_spinner.stop();
  m_progress.start();
  const PythonAside aside;  // from here Python runs only inside the source's calls
  return run_arrays({
      .source = *m_source,
      .kernel = *m_setup.kernel,
      .recorder = recorder,
      .max_arrays = options.max_arrays,
      .prefetch = options.prefetch,
      .threads = options.threads,
      .lock_step = lock_step() ? &m_ranks.host() : nullptr,
      .notices = !lock_step() && m_ranks.host().size() > 1 ? &m_ranks.notices() : nullptr,
  });
}

// Each step runs whatever came before; the output is finished only when its
// results are complete.
void RunJob::end(FirstError& errors) {
  m_spinner.stop();  // a run that failed before the loop
  if (m_source) errors.step([&] { m_source->close(); });
  if (m_source && errors.ends_well()) warn_unknown_params();
  if (m_writer && errors.ends_well()) errors.step([&] { m_writer->finish(); });
  if (m_timings && errors.ends_well()) errors.step([&] { m_timings->finish(); });
  flush_script_output();
  if (m_initialised) errors.step([&] { finish_kernel(); });
  report_summary(errors);
  if (m_metrics) errors.step([&] { m_metrics->replace_with(m_summary.json()); });
}

// Only after a run that went well: a script that failed early had no chance
// to read what it would have. The keys checked are those the user set, so a
// default is never one.
void RunJob::warn_unknown_params() const {
  const Kernel& kernel = *m_setup.kernel;
  if (!kernel.declares_params()) return;
  for (const std::string& warning :
       unknown_params(m_setup.options.params, kernel.params(), m_setup.script.params_read(), m_setup.entry.name))
    spdlog::warn("{}", warning);
}

void RunJob::finish_kernel() {
  try {
    const KernelCallMark call(KernelPhase::finish);
    if (m_started_together && m_ranks.kernels().size() > 1)
      m_totals_merged = m_setup.kernel->merge_across(m_ranks.kernels());
    m_summary.kernel_summary = m_setup.kernel->finish();
  } catch (const std::exception& e) {
    const BackendError error("kernel '" + m_setup.entry.name + "' failed to finish: " + e.what());
    // The other ranks may be waiting inside a reduction of finish this rank will not join.
    if (m_started_together && m_setup.kernel->collective() && m_ranks.kernels().size() > 1) {
      spdlog::error("{}; the other ranks may be waiting for this one inside the kernel, so the job ends now "
                    "(MPI_Abort)", error.what());
      m_ranks.kernels().abort(error.exit_code());
    }
    throw error;
  }
}

void RunJob::report_summary(const FirstError& errors) {
  if (errors.first()) record_end(m_summary, errors.first());
  const RunClock::time_point now = RunClock::now();
  m_summary.ended_at = std::chrono::system_clock::now();
  // A run that never reached its loop spent all its time setting up.
  if (m_loop_started) {
    m_summary.wall_ns = ns_between(*m_loop_started, now);
  } else {
    m_summary.init_ns = ns_between(process_start().clock, now);
  }
  if (m_source) {
    m_summary.copies = m_source->copies().copies;
    m_summary.bytes_copied = m_source->copies().bytes;
  }
  // Only where every rank reaches it: a rank that failed before the loop
  // ended without it.
  if (m_started_together) merge_summaries(m_summary, m_ranks.host(), m_setup.kernel->collective() || m_totals_merged);
  m_progress.finish();
  if (!m_setup.options.quiet && m_ranks.host().rank() == 0) m_report << m_summary.text() << std::flush;
}

int run_job(const RunOptions& options, const KernelRegistry& registry, JobRanks& ranks, std::ostream& report) {
  Communicator& host = ranks.host();
  // Rank 0's set-up first; when it ended cleanly there (SystemExit(0)), so do the others.
  if (host.rank() != 0 && !agree_on_failures(host, nullptr))
    throw EarlyExit{.reason = EndReason::system_exit, .exit_code = 0, .text = "rank 0 ended before the run"};
  // Rank 0's alone: the others' lines would share the terminal's last line with it.
  SetUpSpinner spinner(host.rank() == 0 ? options.progress : ProgressMode::off, LiveLine::on_stderr());
  std::optional<JobSetup> setup;
  std::optional<RunJob> job;
  std::exception_ptr failed;
  try {
    setup.emplace(options, registry);
    job.emplace(*setup, ranks, report, spinner);
  } catch (...) {
    failed = std::current_exception();
  }
  // Rank 0 tells the others how its set-up went; another rank that failed
  // tells them where they learn whether all are ready (RunJob::run).
  if (host.rank() == 0 || failed) agree_on_failures(host, failed);
  if (failed) std::rethrow_exception(failed);
  return job->run();
}

}  // namespace arrayfeed

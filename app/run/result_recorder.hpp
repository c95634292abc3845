#pragma once

#include <cstddef>
#include <cstdint>

#include "core/kernel_result.hpp"
#include "core/results_writer.hpp"
#include "core/run_clock.hpp"
#include "core/run_summary.hpp"
#include "core/timings_writer.hpp"
#include "run/progress.hpp"

namespace arrayfeed {

/// Books each array whose kernel call is done, in order, for both loops: its
/// result to --output, its figures into the summary and --timings, the
/// progress line.
class ResultRecorder {
 public:
  /// `writer` is null without --output, `timings` without --timings;
  /// --timings' yielded_s counts from `loop_started`.
  ResultRecorder(RunSummary& summary, ResultsWriter* writer, Progress& progress, TimingsWriter* timings = nullptr,
                 RunClock::time_point loop_started = RunClock::now())
      : m_summary(summary), m_writer(writer), m_progress(progress), m_timings(timings),
        m_loop_started(loop_started) {}

  /// The next array is done: `nbytes` were handed over, and the kernel's
  /// call took `kernel_ns`.
  void record(const KernelResult& result, std::size_t nbytes, std::int64_t kernel_ns) {
    if (m_writer) m_writer->write(m_summary.arrays, result);
    ++m_summary.arrays;
    m_summary.bytes_handed_over += nbytes;
    m_summary.kernel_ns += kernel_ns;
    m_progress.update(m_summary);
  }
  /// True when record() does work that takes time (an --output to write).
  bool writes() const { return m_writer != nullptr; }
  /// True when add_latency() writes a --timings row.
  bool times_each_array() const { return m_timings != nullptr; }
  /// Time in the script (making arrays) and in the host itself.
  void add_time(std::int64_t script_ns, std::int64_t host_ns) {
    m_summary.script_ns += script_ns;
    m_summary.host_ns += host_ns;
  }
  /// The array last recorded: it arrived (was yielded) at `arrived`, after
  /// `script_ns` in the generator; its kernel call took `kernel_ns`, and
  /// `latency_ns` passed from its arrival to its result recorded.
  void add_latency(RunClock::time_point arrived, std::int64_t script_ns, std::int64_t kernel_ns,
                   std::int64_t latency_ns) {
    m_summary.latency.add(static_cast<std::uint64_t>(latency_ns));
    if (m_timings) add_timings_row(arrived, script_ns, kernel_ns, latency_ns);
  }
  std::uint64_t recorded() const { return m_summary.arrays; }
  const std::string& kernel() const { return m_summary.kernel; }

 private:
  void add_timings_row(RunClock::time_point arrived, std::int64_t script_ns, std::int64_t kernel_ns,
                       std::int64_t latency_ns) {
    auto s = [](std::int64_t ns) { return static_cast<double>(ns) / 1e9; };
    m_timings->write({.index = m_summary.arrays - 1,
                      .yielded_s = s(ns_between(m_loop_started, arrived)),
                      .script_s = s(script_ns),
                      .host_s = s(latency_ns - kernel_ns),
                      .kernel_s = s(kernel_ns),
                      .latency_s = s(latency_ns)});
  }

  RunSummary& m_summary;
  ResultsWriter* m_writer;
  Progress& m_progress;
  TimingsWriter* m_timings;
  RunClock::time_point m_loop_started;
};

}  // namespace arrayfeed

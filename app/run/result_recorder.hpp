#pragma once

#include <cstddef>
#include <cstdint>

#include "core/kernel_result.hpp"
#include "core/results_writer.hpp"
#include "core/run_summary.hpp"
#include "run/progress.hpp"

namespace arrayfeed {

/// Books each array whose kernel call is done, in order, for both loops: its
/// result to --output, its figures into the summary, the progress line.
class ResultRecorder {
 public:
  /// `writer` is null without --output.
  ResultRecorder(RunSummary& summary, ResultsWriter* writer, Progress& progress)
      : m_summary(summary), m_writer(writer), m_progress(progress) {}

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
  /// Time in the script (making arrays) and in the host itself.
  void add_time(std::int64_t script_ns, std::int64_t host_ns) {
    m_summary.script_ns += script_ns;
    m_summary.host_ns += host_ns;
  }
  /// One array's time from its arrival to its result recorded.
  void add_latency(std::int64_t ns) { m_summary.latency.add(static_cast<std::uint64_t>(ns)); }
  std::uint64_t recorded() const { return m_summary.arrays; }
  const std::string& kernel() const { return m_summary.kernel; }

 private:
  RunSummary& m_summary;
  ResultsWriter* m_writer;
  Progress& m_progress;
};

}  // namespace arrayfeed

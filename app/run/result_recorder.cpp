#include "run/result_recorder.hpp"

namespace arrayfeed {

void ResultRecorder::record(const KernelResult& result, std::size_t nbytes, std::int64_t kernel_ns) {
  if (m_writer) m_writer->write(m_summary.arrays, result);
  ++m_summary.arrays;
  m_summary.bytes_handed_over += nbytes;
  m_summary.kernel_ns += kernel_ns;
  m_progress.update(m_summary);
}

}  // namespace arrayfeed

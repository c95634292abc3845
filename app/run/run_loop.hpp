#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/results_writer.hpp"
#include "core/run_summary.hpp"
#include "kernels/kernel.hpp"
#include "python/array_import.hpp"
#include "python/script_iterator.hpp"
#include "run/progress.hpp"

namespace arrayfeed {

/// The parts one run's loop drives; the caller owns them all.
struct RunParts {
  ScriptIterator& source;
  ArrayImporter& importer;
  Kernel& kernel;
  ResultsWriter* writer;  ///< null without --output
  Progress& progress;
  std::optional<std::uint64_t> max_arrays;
  unsigned prefetch = 0;  ///< arrays the generator may run ahead (pipelined loop only)
  unsigned threads = 1;   ///< kernel worker threads (pipelined loop only)
};

/// Runs the per-array loop until the script is exhausted, --max-arrays is
/// reached or the kernel asks to stop, and returns why it ended. Per array: take the next item (sending
/// the last result into a generator), read it in place, run the kernel
/// without the GIL, write the result. `summary` is kept current, so it is
/// complete when the loop throws (ScriptError, BackendError, StopRequest).
std::string run_loop(RunParts parts, RunSummary& summary);

}  // namespace arrayfeed

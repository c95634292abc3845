#include "run/run_loop.hpp"

#include <chrono>

#include "core/errors.hpp"
#include "core/kernel_calls.hpp"
#include "python/python_result.hpp"
#include "run/fork_watch.hpp"
#include "run/loop_support.hpp"

namespace py = pybind11;

namespace arrayfeed {
namespace {

using Clock = std::chrono::steady_clock;

AfterCall process(Kernel& kernel, const ArrayView& view, KernelResult& result, const RunSummary& summary) {
  try {
    py::gil_scoped_release without_gil;
    const KernelCallMark call(KernelPhase::process, summary.arrays + 1);
    return kernel.process(view, result);
  } catch (...) {
    rethrow_kernel_error(std::current_exception(), summary.kernel, summary.arrays + 1);
  }
}

}  // namespace

std::string run_loop(RunParts parts, RunSummary& summary) {
  const ForkWatch fork_watch;
  py::object sent_back = py::none();
  KernelResult result;
  // Each array's end is the next one's start: a clock read costs ~20 ns, a
  // tenth of the whole per-array budget.
  auto asked = Clock::now();
  for (;;) {
    if (parts.max_arrays && summary.arrays >= *parts.max_arrays) return "max-arrays reached";
    const py::object item = fork_watch.next(parts.source, sent_back);
    const auto received = Clock::now();
    summary.script_ns += ns(received - asked);
    if (!item) return "exhausted";

    ImportedArray input = parts.importer.import(item, summary.arrays + 1, parts.source);
    result = std::monostate{};
    const auto kernel_start = Clock::now();
    const AfterCall after = process(parts.kernel, input.view, result, summary);
    const auto kernel_end = Clock::now();
    const std::size_t nbytes = input.view.nbytes();
    input.owner = pybind11::object();  // the view dangles from here on

    if (parts.source.sends_results()) sent_back = to_python(result);
    if (parts.writer) parts.writer->write(summary.arrays, result);
    ++summary.arrays;
    summary.bytes_handed_over += nbytes;
    summary.kernel_ns += ns(kernel_end - kernel_start);
    parts.progress.update(summary);
    check_signals();
    const auto done = Clock::now();
    summary.host_ns += ns(kernel_start - received) + ns(done - kernel_end);
    summary.latency.add(static_cast<std::uint64_t>(ns(done - received)));
    if (after == AfterCall::stop) return "the kernel asked to stop";
    asked = done;
  }
}

}  // namespace arrayfeed

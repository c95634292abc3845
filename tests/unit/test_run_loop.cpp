#include <doctest/doctest.h>

#include <array>
#include <cstdint>
#include <exception>
#include <optional>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

#include "core/early_exit.hpp"
#include "core/errors.hpp"
#include "core/results_writer.hpp"
#include "echo_kernel.hpp"
#include "fake_array_source.hpp"
#include "job/run_end.hpp"
#include "run/run_loop.hpp"

// The run loops driven by a test double of the script (no Python): what the
// kernel sees, what is written, what goes back to the source, how each loop ends.

using namespace arrayfeed;

namespace {

/// The results --output gets, checked to come in order.
class RecordingWriter : public ResultsWriter {
 public:
  void write(std::uint64_t index, const KernelResult& result) override {
    CHECK(index == values.size());
    values.push_back(std::get<double>(std::get<Value>(result)));
  }
  void finish() override {}

  std::vector<double> values;
};

/// Serial (run_loop), or pipelined with prefetch and worker threads.
struct LoopShape {
  const char* name;
  unsigned prefetch;
  unsigned threads;

  bool pipelined() const { return prefetch > 0 || threads > 1; }
  unsigned window() const { return prefetch + threads; }
};

std::ostream& operator<<(std::ostream& out, const LoopShape& shape) { return out << shape.name; }

constexpr bool kThreadSafe = true;

constexpr std::array kShapes{
    LoopShape{.name = "serial", .prefetch = 0, .threads = 1},
    LoopShape{.name = "prefetch 3", .prefetch = 3, .threads = 1},
    LoopShape{.name = "3 threads", .prefetch = 0, .threads = 3},
    LoopShape{.name = "prefetch 2, 3 threads", .prefetch = 2, .threads = 3},
};

/// How a loop run ended: its summary (the end set as RunJob sets it), the
/// results written, and the error it threw, if any.
struct Ended {
  RunSummary summary;
  std::vector<double> written;
  std::exception_ptr error;

  std::string error_text() const {
    try {
      std::rethrow_exception(error);
    } catch (const std::exception& e) {
      return e.what();
    } catch (...) {
      return "not a std::exception";
    }
  }
};

Ended run(FakeArraySource& source, EchoKernel& kernel, const LoopShape& shape,
          std::optional<std::uint64_t> max_arrays = std::nullopt) {
  Ended ended;
  kernel.set_name("echo");  // as the registry names it
  ended.summary.kernel = kernel.name();
  RecordingWriter writer;
  LiveLine terminal([](std::string_view) {});
  Progress progress(ProgressMode::off, terminal);
  ResultRecorder recorder(ended.summary, &writer, progress);
  try {
    ended.summary.end_reason = run_arrays({
        .source = source,
        .kernel = kernel,
        .recorder = recorder,
        .max_arrays = max_arrays,
        .prefetch = shape.prefetch,
        .threads = shape.threads,
    });
  } catch (...) {
    ended.error = std::current_exception();
    record_end(ended.summary, ended.error);
  }
  ended.written = std::move(writer.values);
  return ended;
}

/// 1, 2, ..., n: the values of arrays #1 to #n, and of their results.
std::vector<double> up_to(std::size_t n) {
  std::vector<double> values(n);
  for (std::size_t i = 0; i < n; ++i) values[i] = static_cast<double>(i + 1);
  return values;
}

/// Whatever the end: the source was used as its interface allows, each array
/// was let go of at most once (oldest first, or its overwrite would have
/// reached the kernel), and only the loop's window is still held.
void check_source_use(const FakeArraySource& source, const LoopShape& shape) {
  for (const std::string& problem : source.problems()) FAIL_CHECK(problem);
  std::size_t released = 0;
  for (const int releases : source.releases()) {
    CHECK(releases <= 1);
    released += static_cast<std::size_t>(releases);
  }
  CHECK(released + source.held() == source.given());
  CHECK(source.held() <= (shape.pipelined() ? shape.window() : 1));
  CHECK(source.guarded() == shape.pipelined());
}

}  // namespace

TEST_CASE("each loop gives every array to the kernel once and writes every result, in order") {
  for (const LoopShape& shape : kShapes) {
    CAPTURE(shape);
    FakeArraySource source(40);
    EchoKernel kernel(kThreadSafe);
    const Ended ended = run(source, kernel, shape);
    CHECK(ended.summary.end_reason == EndReason::exhausted);
    CHECK(ended.summary.arrays == 40);
    CHECK(ended.summary.bytes_handed_over == 40 * 2 * sizeof(double));
    CHECK(ended.written == up_to(40));
    CHECK(kernel.seen_sorted() == up_to(40));
    if (shape.threads == 1) CHECK(kernel.seen() == up_to(40));  // one caller: in order
    CHECK(source.requests() == 41);  // the last finds none left
    check_source_use(source, shape);
  }
}

TEST_CASE("an array's check is the host's time in each loop, not the script's, and part of its latency") {
  // Ten seconds per array: far more than the test's own time, so the accounts
  // show it whatever the machine does meanwhile.
  constexpr std::int64_t kCheck = 10'000'000'000;
  for (const LoopShape& shape : kShapes) {
    CAPTURE(shape);
    FakeArraySource source(3);
    source.take_to_check(kCheck);
    EchoKernel kernel(kThreadSafe);
    const Ended ended = run(source, kernel, shape);
    REQUIRE(ended.summary.arrays == 3);
    CHECK(ended.summary.host_ns >= 3 * kCheck);
    CHECK(ended.summary.host_ns < 4 * kCheck);
    CHECK(ended.summary.script_ns < -2 * kCheck);  // asked, then handed over "before" the check began
    CHECK(ended.summary.latency.quantile(0.5) >= static_cast<std::uint64_t>(kCheck));
  }
}

TEST_CASE("the serial loop hands each result back with the request for the next array and lets go of it") {
  FakeArraySource source(5);
  EchoKernel kernel(kThreadSafe);
  run(source, kernel, kShapes[0]);
  const std::vector<std::optional<double>> expected{std::nullopt, 1, 2, 3, 4, 5};
  CHECK(source.handed_back() == expected);
  CHECK(source.releases() == std::vector<int>(5, 1));
  CHECK(source.held() == 0);
}

TEST_CASE("the pipelined loop hands no result back") {
  for (const LoopShape& shape : kShapes) {
    if (!shape.pipelined()) continue;
    CAPTURE(shape);
    FakeArraySource source(12);
    EchoKernel kernel(kThreadSafe);
    run(source, kernel, shape);
    CHECK(source.handed_back() == std::vector<std::optional<double>>(13));
    // Let go of one at a time, when the window is full: the request that found none left let go of one.
    CHECK(source.held() == shape.window() - 1);
  }
}

TEST_CASE("--max-arrays ends each loop after that many arrays, without asking for another") {
  for (const LoopShape& shape : kShapes) {
    CAPTURE(shape);
    FakeArraySource source(20);
    EchoKernel kernel(kThreadSafe);
    const Ended ended = run(source, kernel, shape, 7);
    CHECK(ended.summary.end_reason == EndReason::max_arrays);
    CHECK(ended.summary.arrays == 7);
    CHECK(ended.written == up_to(7));
    CHECK(source.given() == 7);
    CHECK(kernel.calls() == 7);
    check_source_use(source, shape);
  }
}

TEST_CASE("a kernel's failure ends each loop as failed, naming the array; the results before it are written") {
  for (const LoopShape& shape : kShapes) {
    CAPTURE(shape);
    FakeArraySource source(20);
    EchoKernel kernel(kThreadSafe, 5);
    const Ended ended = run(source, kernel, shape);
    REQUIRE(ended.error);
    CHECK_THROWS_AS(std::rethrow_exception(ended.error), BackendError);
    CHECK(ended.error_text().find("kernel 'echo' failed on array #5: no table for 5") == 0);
    CHECK(ended.summary.end_reason == EndReason::failed);
    CHECK(ended.summary.exit_code == ExitBackendFailed);
    CHECK(ended.summary.arrays == 4);
    CHECK(ended.written == up_to(4));
    if (!shape.pipelined()) CHECK(source.given() == 5);
    check_source_use(source, shape);
  }
}

TEST_CASE("a kernel's stop request ends each loop with kernel_stop; its array's result is the last written") {
  for (const LoopShape& shape : kShapes) {
    CAPTURE(shape);
    FakeArraySource source(20);
    EchoKernel kernel(kThreadSafe, -1, 6);
    const Ended ended = run(source, kernel, shape);
    CHECK(ended.summary.end_reason == EndReason::kernel_stop);
    CHECK(ended.summary.arrays == 6);
    CHECK(ended.written == up_to(6));
    if (shape.threads == 1) CHECK(kernel.calls() == 6);  // none started after it
    if (!shape.pipelined()) CHECK(source.given() == 6);
    CHECK(source.given() <= 6 + shape.window());  // the loop asks for no more once it sees the stop
    check_source_use(source, shape);
  }
}

TEST_CASE("an early exit from the source ends each loop with its reason; the results before it are written") {
  for (const LoopShape& shape : kShapes) {
    CAPTURE(shape);
    FakeArraySource source(20);
    source.fail_at(5, std::make_exception_ptr(EarlyExit{
                          .reason = EndReason::system_exit, .exit_code = 4, .text = "SystemExit(4)"}));
    EchoKernel kernel(kThreadSafe);
    const Ended ended = run(source, kernel, shape);
    REQUIRE(ended.error);
    CHECK_THROWS_AS(std::rethrow_exception(ended.error), EarlyExit);
    CHECK(ended.summary.end_reason == EndReason::system_exit);
    CHECK(ended.summary.end_text == "SystemExit(4)");
    CHECK(ended.summary.exit_code == 4);
    CHECK(ended.summary.arrays == 4);
    CHECK(ended.written == up_to(4));
    CHECK(kernel.calls() == 4);
    check_source_use(source, shape);
  }
}

TEST_CASE("a script error from the source ends each loop as failed; the results before it are written") {
  for (const LoopShape& shape : kShapes) {
    CAPTURE(shape);
    FakeArraySource source(20);
    source.fail_at(3, std::make_exception_ptr(ScriptError("generate() raised ValueError")));
    EchoKernel kernel(kThreadSafe);
    const Ended ended = run(source, kernel, shape);
    CHECK(ended.error_text() == "generate() raised ValueError");
    CHECK(ended.summary.end_reason == EndReason::failed);
    CHECK(ended.summary.exit_code == ExitScriptFailed);
    CHECK(ended.summary.arrays == 2);
    CHECK(ended.written == up_to(2));
    check_source_use(source, shape);
  }
}

TEST_CASE("a signal that came during the last call ends each loop, not --max-arrays") {
  for (const LoopShape& shape : kShapes) {
    CAPTURE(shape);
    FakeArraySource source(20);
    source.interrupt_pending(interrupted());
    EchoKernel kernel(kThreadSafe);
    const Ended ended = run(source, kernel, shape, 3);
    CHECK(ended.summary.end_reason == EndReason::interrupted);
    CHECK(ended.summary.exit_code == ExitInterrupted);
    CHECK(ended.written == up_to(3));
  }
}

TEST_CASE("a signal that came during the last call ends each loop, not the kernel's stop") {
  for (const LoopShape& shape : kShapes) {
    CAPTURE(shape);
    FakeArraySource source(20);
    source.interrupt_pending(terminated());
    EchoKernel kernel(kThreadSafe, -1, 4);
    const Ended ended = run(source, kernel, shape);
    CHECK(ended.summary.end_reason == EndReason::terminated);
    CHECK(ended.written == up_to(4));
  }
}

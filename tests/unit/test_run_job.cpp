#include <doctest/doctest.h>

#include <sstream>

#include "core/errors.hpp"
#include "core/early_exit.hpp"
#include "kernels/kernel_registry.hpp"
#include "job/run_job.hpp"
#include "temp_dir.hpp"

using namespace arrayfeed;

namespace {

// Every unit run is a process alone.
SoloRanks alone;

std::filesystem::path script(const std::string& name) {
  return std::filesystem::path(ARRAYFEED_UNIT_SCRIPTS) / name;
}

/// Returns the data pointer it was given, so the script can compare it with its array's own.
class ProbeKernel : public Kernel {
 public:
  const KernelInputs& inputs() const override {
    static const KernelInputs anything = one_input(InputContract{.strided_ok = true});
    return anything;
  }
  AfterCall process(const StepInputs& step, KernelResult& result) override {
    const ArrayView& input = step.first;
    result = NamedValues{{"data", static_cast<std::int64_t>(reinterpret_cast<std::intptr_t>(input.data))}};
    return AfterCall::go_on;
  }
};

/// Fails where it is told to: in init, or on the n-th array (param fail_on).
class FailingKernel : public ProbeKernel {
 public:
  void init(const Params& params, const DataSets&) override {
    if (!params.contains("fail_on")) throw std::runtime_error("no table to load");
    m_fail_on = std::stoi(params.at("fail_on").text);
  }
  AfterCall process(const StepInputs& step, KernelResult& result) override {
    if (++m_calls == m_fail_on) throw std::runtime_error("backend ran out of table");
    return ProbeKernel::process(step, result);
  }

 private:
  int m_fail_on = 0;
  int m_calls = 0;
};

KernelRegistry test_registry() {
  KernelRegistry registry = KernelRegistry::with_builtins();
  registry.add("probe", "returns the data pointer", [] { return std::make_unique<ProbeKernel>(); });
  registry.add("failing", "fails on request", [] { return std::make_unique<FailingKernel>(); });
  return registry;
}

RunOptions options_for(const std::string& name, const std::string& kernel = "stats") {
  RunOptions o;
  o.script = script(name);
  o.kernel = kernel;
  return o;
}

}  // namespace

TEST_CASE("the kernel reads each array at the array's own address") {
  std::ostringstream report;
  CHECK(run_job(options_for("zero_copy.py", "probe"), test_registry(), alone, report) == 0);
  CHECK(report.str().find("4 arrays through 'probe'") != std::string::npos);
  CHECK(report.str().find("in place, no copies") != std::string::npos);
}

TEST_CASE("stats results sent back into the generator equal NumPy's") {
  std::ostringstream report;
  CHECK(run_job(options_for("stats_sent_back.py"), KernelRegistry::with_builtins(), alone, report) == 0);
  CHECK(report.str().find("6 arrays through 'stats'") != std::string::npos);
}

TEST_CASE("a plain iterable from an entry without ctx runs, results not sent back") {
  TempDir dir;
  RunOptions o = options_for("plain_iterable.py");
  o.output = dir / "out.jsonl";
  std::ostringstream report;
  CHECK(run_job(o, KernelRegistry::with_builtins(), alone, report) == 0);
  CHECK(read_file(dir / "out.jsonl").find("{\"index\": 1, \"count\": 3, \"sum\": 3.0,") != std::string::npos);
}

TEST_CASE("--max-arrays closes the generator, so its finally block runs") {
  TempDir dir;
  RunOptions o = options_for("closing.py");
  o.params = {{"marker", (dir / "marker").string()}};
  o.max_arrays = 3;
  std::ostringstream report;
  CHECK(run_job(o, KernelRegistry::with_builtins(), alone, report) == 0);
  CHECK(read_file(dir / "marker") == "finally ran");
  CHECK(report.str().find("3 arrays through 'stats'") != std::string::npos);
  CHECK(report.str().find("ended: max-arrays reached") != std::string::npos);
}

TEST_CASE("a script exception is a ScriptError with the traceback; results so far are kept") {
  TempDir dir;
  RunOptions o = options_for("closing.py");
  o.params = {{"marker", (dir / "marker").string()}, {"fail_at", "2"}};
  o.output = dir / "out.jsonl";
  std::ostringstream report;
  try {
    run_job(o, KernelRegistry::with_builtins(), alone, report);
    FAIL("no error");
  } catch (const ScriptError& e) {
    const std::string what = e.what();
    CHECK(what.find("Traceback (most recent call last)") != std::string::npos);
    CHECK(what.find("closing.py\", line 9, in generate") != std::string::npos);
    CHECK(what.find("ValueError: failing at 2") != std::string::npos);
  }
  CHECK(read_file(dir / "out.jsonl").find("{\"index\": 1,") != std::string::npos);
  CHECK(report.str().find("2 arrays through 'stats'") != std::string::npos);
}

TEST_CASE("SystemExit(n) ends the run with an EarlyExit carrying n") {
  TempDir dir;
  RunOptions o = options_for("closing.py");
  o.params = {{"marker", (dir / "marker").string()}, {"exit_at", "1"}, {"exit_code", "4"}};
  std::ostringstream report;
  try {
    run_job(o, KernelRegistry::with_builtins(), alone, report);
    FAIL("no stop");
  } catch (const EarlyExit& stop) {
    CHECK(stop.exit_code == 4);
    CHECK(stop.text == "SystemExit(4)");
  }
  CHECK(report.str().find("ended: SystemExit(4)") != std::string::npos);
}

TEST_CASE("a refused yield names the yield, the line, what was expected and the fix") {
  TempDir dir;
  RunOptions o = options_for("closing.py");
  o.params = {{"marker", (dir / "marker").string()}, {"dtype", ">f8"}};
  std::ostringstream report;
  try {
    run_job(o, KernelRegistry::with_builtins(), alone, report);
    FAIL("no refusal");
  } catch (const ScriptError& e) {
    const std::string what = e.what();
    CHECK(what.find("yield #1 at ") != std::string::npos);
    CHECK(what.find("closing.py:12: kernel 'stats' cannot read it in place") != std::string::npos);
    CHECK(what.find("got:      float64 (>f8), shape (4,), strides (8,), C-contiguous") != std::string::npos);
    CHECK(what.find("fix:      x.astype(np.float64)") != std::string::npos);
  }
  CHECK(read_file(dir / "marker") == "finally ran");  // the suspended generator was closed
}

TEST_CASE("--convert copies what does not fit and counts it") {
  TempDir dir;
  RunOptions o = options_for("closing.py");
  o.params = {{"marker", (dir / "marker").string()}, {"dtype", "int16"}, {"count", "3"}};
  o.convert = true;
  o.metrics = dir / "metrics.json";
  std::ostringstream report;
  CHECK(run_job(o, KernelRegistry::with_builtins(), alone, report) == 0);
  const std::string metrics = read_file(dir / "metrics.json");
  CHECK(metrics.find("\"copies\": 3,") != std::string::npos);
  CHECK(metrics.find("\"bytes_copied\": 96,") != std::string::npos);  // 3 x 4 float64
}

TEST_CASE("setting up fails clearly: missing script, missing entry, unknown kernel") {
  std::ostringstream report;
  CHECK_THROWS_AS(run_job(options_for("no_such_script.py"), KernelRegistry::with_builtins(), alone, report),
                  UsageError);
  RunOptions o = options_for("plain_iterable.py");
  o.entry = "produce";
  CHECK_THROWS_WITH_AS(run_job(o, KernelRegistry::with_builtins(), alone, report),
                       doctest::Contains("has no function 'produce' (functions it defines: generate)"),
                       ScriptError);
  CHECK_THROWS_AS(run_job(options_for("plain_iterable.py", "fft"), KernelRegistry::with_builtins(), alone, report),
                  UsageError);
}

TEST_CASE("a kernel that fails to initialise is a backend error; the script never starts") {
  TempDir dir;
  RunOptions o = options_for("closing.py", "failing");
  o.params = {{"marker", (dir / "marker").string()}};
  std::ostringstream report;
  CHECK_THROWS_WITH_AS(run_job(o, test_registry(), alone, report),
                       "kernel 'failing' failed to initialise: no table to load", BackendError);
  CHECK_FALSE(std::filesystem::exists(dir / "marker"));
}

TEST_CASE("a kernel failing mid-run is a backend error; results before it are kept") {
  TempDir dir;
  RunOptions o = options_for("closing.py", "failing");
  o.params = {{"marker", (dir / "marker").string()}, {"fail_on", "3"}};
  o.output = dir / "out.jsonl";
  std::ostringstream report;
  CHECK_THROWS_WITH_AS(run_job(o, test_registry(), alone, report),
                       "kernel 'failing' failed on array #3: backend ran out of table", BackendError);
  const std::string written = read_file(dir / "out.jsonl");
  CHECK(written.find("{\"index\": 1,") != std::string::npos);
  CHECK(written.find("{\"index\": 2,") == std::string::npos);
  CHECK(report.str().find("2 arrays through 'failing'") != std::string::npos);
  CHECK(read_file(dir / "marker") == "finally ran");
}

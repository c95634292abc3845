#include <doctest/doctest.h>

#include <pybind11/embed.h>

#include <sstream>

#include "core/errors.hpp"
#include "kernels/kernel_registry.hpp"
#include "job/run_job.hpp"
#include "temp_dir.hpp"

using namespace arrayfeed;

namespace {

// Every unit run is a process alone.
SoloRanks alone;

/// Reports where it sees data set A, and returns input + A[:n] in a fresh
/// result array together with that array's address.
class DataProbeKernel : public Kernel {
 public:
  const KernelInputs& inputs() const override {
    static const KernelInputs floats = one_input(InputContract{.dtypes = {dtypes::float64}, .min_ndim = 1, .max_ndim = 1});
    return floats;
  }
  void init(const Params&, const DataSets& data) override { m_a = &data.require("A"); }
  AfterCall process(const StepInputs& step, KernelResult& result) override {
    const ArrayView& input = step.first;
    ResultArray out = ResultArray::allocate(dtypes::float64, {input.shape[0]});
    const auto* a = static_cast<const double*>(m_a->data);
    const auto* x = static_cast<const double*>(input.data);
    for (std::ptrdiff_t i = 0; i < input.shape[0]; ++i) out.as<double>()[i] = x[i] + a[i];
    const auto address = static_cast<std::int64_t>(reinterpret_cast<std::intptr_t>(out.data()));
    result = NamedValues{{"data_set", static_cast<std::int64_t>(reinterpret_cast<std::intptr_t>(m_a->data))},
                         {"array", std::move(out)},
                         {"address", address}};
    return AfterCall::go_on;
  }

 private:
  const DataSet* m_a = nullptr;
};

KernelRegistry probe_registry() {
  KernelRegistry registry = KernelRegistry::with_builtins();
  registry.add("data_probe", "reports data set A", [] { return std::make_unique<DataProbeKernel>(); });
  return registry;
}

std::filesystem::path save_npy(const TempDir& dir, const std::string& name) {
  namespace py = pybind11;
  const std::filesystem::path path = dir / name;
  py::module_ np = py::module_::import("numpy");
  np.attr("save")(path.string(), np.attr("arange")(10.0).attr("__mul__")(1.5));
  return path;
}

RunOptions probe_options(const TempDir& dir) {
  RunOptions o;
  o.script = std::filesystem::path(ARRAYFEED_UNIT_SCRIPTS) / "data_and_results.py";
  o.kernel = "data_probe";
  o.data = {{"A", save_npy(dir, "a.npy")}};
  return o;
}

}  // namespace

TEST_CASE("ctx.data[NAME] is the kernel's data set memory, read-only; result arrays reach Python uncopied") {
  TempDir dir;
  std::ostringstream report;
  CHECK(run_job(probe_options(dir), probe_registry(), alone, report) == 0);
  CHECK(report.str().find("3 arrays through 'data_probe'") != std::string::npos);
}

TEST_CASE("a kernel needing a data set that was not loaded fails to initialise, naming it") {
  TempDir dir;
  RunOptions o = probe_options(dir);
  o.data = {{"B", save_npy(dir, "b.npy")}};
  std::ostringstream report;
  CHECK_THROWS_WITH_AS(run_job(o, probe_registry(), alone, report),
                       "kernel 'data_probe' failed to initialise: it needs a data set named 'A': "
                       "add --data A=PATH.npy (loaded: B)",
                       BackendError);
}

TEST_CASE("an unreadable data set stops the run before the output is created") {
  TempDir dir;
  RunOptions o = probe_options(dir);
  o.data.push_back({"C", dir / "missing.npy"});
  o.output = dir / "out.jsonl";
  std::ostringstream report;
  CHECK_THROWS_WITH_AS(run_job(o, probe_registry(), alone, report), doctest::Contains("data set 'C'"), BackendError);
  CHECK_FALSE(std::filesystem::exists(dir / "out.jsonl"));
}

TEST_CASE("--output or --metrics on a data set's file is refused before it is touched") {
  TempDir dir;
  for (const bool metrics : {false, true}) {
    RunOptions o = probe_options(dir);
    const std::string before = read_file(o.data.front().path);
    std::filesystem::create_hard_link(o.data.front().path, dir / "same.npy");
    (metrics ? o.metrics : o.output) = dir / "same.npy";
    const std::string refusal = std::string(metrics ? "--metrics" : "--output") + " '" +
                                (dir / "same.npy").string() + "' is the file of data set 'A'";
    std::ostringstream report;
    CHECK_THROWS_WITH_AS(run_job(o, probe_registry(), alone, report), doctest::Contains(refusal.c_str()), UsageError);
    CHECK(read_file(o.data.front().path) == before);
    std::filesystem::remove(dir / "same.npy");
  }
}

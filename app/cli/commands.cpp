#include "cli/commands.hpp"

#include <memory>
#include <string>

#include "job/job_setup.hpp"
#include "kernels/kernel_params.hpp"
#include "mpi/ranks.hpp"
#include "python/python_info.hpp"
#include "python/timings_plot.hpp"
#include "version.hpp"

namespace arrayfeed {
namespace {

/// "input: CONTRACT" for a lone input, else "inputs:" and one indented line per input.
std::string inputs_text(const KernelInputs& inputs) {
  std::string text = describe(inputs);
  if (inputs.size() == 1 && !inputs[0].optional) return "input: " + text;
  for (std::size_t at = text.find('\n'); at != std::string::npos; at = text.find('\n', at + 1))
    text.insert(at + 1, "      ");
  return "inputs:\n      " + text;
}

}  // namespace

int check_command(const RunCommandLine& line, const KernelRegistry& registry, std::ostream& out) {
  const JobSetup setup(line.options, registry);
  const std::string call = setup.script.describe_entry();  // may fail: before anything is printed
  out << "ok: " << setup.script.name() << " imports; the run calls " << call
      << "\n    kernel '" << setup.entry.name << "', " << inputs_text(setup.kernel->inputs()) << "\n";
  for (const auto& [name, set] : setup.data.sets().all())
    out << "    data set '" << name << "': " << set.dtype.name() << " " << tuple_text(set.shape) << " from "
        << set.path.string() << "\n";
  return 0;
}

namespace {

// "    param bins (whole, default 10): number of equal bins, > 0"
void list_params(const Kernel& kernel, std::ostream& out) {
  if (!kernel.declares_params()) out << "    params: any (undeclared)\n";
  for (const ParamInfo& p : kernel.params())
    out << "    param " << p.name << " (" << type_name(p.type)
        << (p.default_value ? ", default " + *p.default_value : ", no default") << ")"
        << (p.help.empty() ? "" : ": " + p.help) << "\n";
}

}  // namespace

int kernels_command(const KernelRegistry& registry, std::ostream& out) {
  for (const KernelRegistry::Entry& e : registry.entries()) {
    const std::unique_ptr<Kernel> kernel = e.make();
    out << e.name << (e.origin.empty() ? "" : "  (plugin " + e.origin + ")") << "\n    " << e.description
        << "\n    " << inputs_text(kernel->inputs()) << "\n"
        << (kernel->thread_safe() ? "    thread-safe: --threads calls it on several threads at once\n" : "");
    list_params(*kernel, out);
  }
  return 0;
}

int info_command(const Launch& launch, std::ostream& out) {
  const PythonInfo python = python_info();
  const std::optional<std::string> mpi = built_in_mpi();
  out << "arrayfeed  " << kArrayfeedVersion << "\n"
      << "mpi        " << (mpi ? "built in (" + *mpi + ")" : "not built in (cmake -DARRAYFEED_MPI=ON with libopenmpi-dev)")
      << "\n"
      << "launched   "
      << (launch.launched ? "as rank " + std::to_string(launch.rank) + " of " + std::to_string(launch.size)
                          : "no (not under mpirun or srun)")
      << "\n"
      << "python     " << python.version << " (" << python.executable << ")\n"
      << "numpy      " << python.numpy_version << "\n"
      << "sys.prefix " << python.prefix << "\n"
      << "sys.path\n";
  for (const std::string& entry : python.path) out << "  " << entry << "\n";
  return 0;
}

int plot_command(const PlotCommandLine& line, std::ostream& out) {
  out << plot_timings(line.timings, line.out) << "\n";
  return 0;
}

}  // namespace arrayfeed

#include "cli/commands.hpp"

#include "core/results_writer.hpp"
#include "python/data_loader.hpp"
#include "python/interpreter.hpp"
#include "python/script.hpp"
#include "python/text.hpp"
#include "version.hpp"

namespace py = pybind11;

namespace arrayfeed {

int check_command(const RunCommandLine& line, const KernelRegistry& registry, std::ostream& out) {
  const RunOptions& o = line.options;
  const KernelRegistry::Entry& kernel = registry.find(default_kernel(o, registry.plugin_kernels()));
  const Script script = o.script ? Script::from_file(*o.script, o.entry) : Script::default_job(o.entry);
  const std::string call = script.describe_entry();  // may fail: before anything is printed
  const LoadedData data(o.data);
  if (o.output) check_results_path(*o.output);
  refuse_writing_over_data(o, data.sets());
  out << "ok: " << script.name() << " imports; the run calls " << call
      << "\n    kernel '" << kernel.name << "' reads " << kernel.make()->contract().describe() << "\n";
  for (const auto& [name, set] : data.sets().all())
    out << "    data set '" << name << "': " << set.dtype.name() << " " << tuple_text(set.shape) << " from "
        << set.path.string() << "\n";
  return 0;
}

int kernels_command(const KernelRegistry& registry, std::ostream& out) {
  for (const KernelRegistry::Entry& e : registry.entries())
    out << e.name << (e.origin.empty() ? "" : "  (plugin " + e.origin + ")") << "\n    " << e.description
        << "\n    input: " << e.make()->contract().describe()
        << (e.make()->thread_safe() ? "; thread-safe" : "") << "\n";
  return 0;
}

int info_command(std::ostream& out) {
  const py::dict v = Interpreter::host().attr("versions")();
  out << "arrayfeed  " << kArrayfeedVersion << "\n"
      << "python     " << utf8_text(v["python"]) << " (" << utf8_text(v["executable"]) << ")\n"
      << "numpy      " << utf8_text(v["numpy"]) << "\n"
      << "sys.prefix " << utf8_text(v["prefix"]) << "\n"
      << "sys.path\n";
  for (const py::handle entry : v["path"]) out << "  " << utf8_text(entry) << "\n";
  return 0;
}

}  // namespace arrayfeed

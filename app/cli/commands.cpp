#include "cli/commands.hpp"

#include <pybind11/stl.h>

#include "python/interpreter.hpp"
#include "python/script.hpp"
#include "version.hpp"

namespace py = pybind11;

namespace arrayfeed {

int check_command(const RunCommandLine& line, const KernelRegistry& registry, std::ostream& out) {
  const RunOptions& o = line.options;
  const KernelRegistry::Entry& kernel = registry.find(o.kernel);
  const Interpreter interpreter;
  const Script script = o.script ? Script::from_file(*o.script, o.entry) : Script::default_job(o.entry);
  out << "ok: " << script.name() << " imports; the run calls " << script.describe_entry()
      << "\n    kernel '" << kernel.name << "' reads " << kernel.make()->contract().describe() << "\n";
  return 0;
}

int kernels_command(const KernelRegistry& registry, std::ostream& out) {
  for (const KernelRegistry::Entry& e : registry.entries())
    out << e.name << "\n    " << e.description << "\n    input: " << e.make()->contract().describe() << "\n";
  return 0;
}

int info_command(std::ostream& out) {
  const Interpreter interpreter;
  const py::dict v = Interpreter::host().attr("versions")();
  out << "arrayfeed  " << kArrayfeedVersion << "\n"
      << "python     " << v["python"].cast<std::string>() << " (" << v["executable"].cast<std::string>() << ")\n"
      << "numpy      " << v["numpy"].cast<std::string>() << "\n"
      << "sys.prefix " << v["prefix"].cast<std::string>() << "\n"
      << "sys.path\n";
  for (const auto& entry : v["path"].cast<std::vector<std::string>>()) out << "  " << entry << "\n";
  return 0;
}

}  // namespace arrayfeed

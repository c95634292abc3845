#include "python/script.hpp"

#include "core/errors.hpp"
#include "default_job_py.hpp"
#include "python/data_views.hpp"
#include "python/host_calls.hpp"
#include "python/interpreter.hpp"
#include "python/python_error.hpp"
#include "python/script_source_state.hpp"
#include "python/step_import.hpp"

namespace py = pybind11;

namespace arrayfeed {

struct Script::Module {
  py::object module;
  py::object entry;
  py::set params_read{};  ///< the parameter names data_sets() and the entry have read
};

namespace {

std::unique_ptr<Script::Module> find_entry(const py::object& module, const std::string& entry,
                                           const std::string& name) {
  FoundEntry found = Interpreter::host().find_entry(module, entry, name);
  if (!found.entry) throw ScriptError(found.problem);
  return std::make_unique<Script::Module>(Script::Module{module, std::move(found.entry)});
}

}  // namespace

Script::Script(std::unique_ptr<Module> module, std::string name, std::string entry)
    : m_module(std::move(module)), m_name(std::move(name)), m_entry_name(std::move(entry)) {}

Script::~Script() = default;
Script::Script(Script&&) noexcept = default;
Script& Script::operator=(Script&&) noexcept = default;

Script Script::from_file(const std::filesystem::path& path, const std::string& entry) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    throw UsageError("script '" + path.string() + "' not found (or not a file); give the path of a " +
                     "Python file with a generator function, or none for the default job");
  try {
    const py::object module = Interpreter::host().load_script(path);
    return Script(find_entry(module, entry, path.string()), path.string(), entry);
  } catch (py::error_already_set& error) {
    rethrow_python_error(error, "importing " + path.string() + " failed:");
  }
}

Script Script::default_job(const std::string& entry) {
  const std::string name = "embedded_scripts/default_job.py";
  try {
    const py::object module = Interpreter::host().load_source(default_job_py, name);
    return Script(find_entry(module, entry, name), name, entry);
  } catch (py::error_already_set& error) {
    rethrow_python_error(error, "importing the default job failed:");
  }
}

std::unique_ptr<ScriptSource> Script::start(const ScriptStart& start) const {
  const HostCalls& host = Interpreter::host();
  const py::object ctx = host.context(start.params, m_module->params_read, start.data.views().dict,
                                      host.kernel_info(start.kernel_name, start.kernel_description, start.inputs),
                                      start.ranks, start.results_sent_back);
  try {
    StartedEntry started = host.start(m_module->entry, ctx, m_entry_name);
    return std::make_unique<ScriptSource>(std::make_unique<ScriptSource::State>(
        ScriptIterator(std::move(started), m_module->entry),
        StepImporter(start.kernel_name, start.inputs, start.convert)));
  } catch (py::error_already_set& error) {
    rethrow_python_error(error, "calling " + m_entry_name + "() in " + m_name + " failed:");
  }
}

std::string Script::describe_entry() const {
  return Interpreter::host().describe_entry(m_module->entry, m_entry_name);
}

std::set<std::string> Script::params_read() const {
  std::set<std::string> names;
  for (const py::handle name : m_module->params_read)
    if (py::isinstance<py::str>(name)) names.insert(name.cast<std::string>());  // a script may ask for params[1]
  return names;
}

std::vector<DataSpec> Script::data_sets(const Params& params) const {
  try {
    return Interpreter::host().script_data_sets(m_module->module, params, m_module->params_read);
  } catch (py::error_already_set& error) {
    rethrow_python_error(error, "data_sets() in " + m_name + " failed:");
  }
}

}  // namespace arrayfeed

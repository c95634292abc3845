#include "python/script.hpp"

#include <pybind11/stl.h>

#include "core/errors.hpp"
#include "default_job_py.hpp"
#include "python/data_views.hpp"
#include "python/interpreter.hpp"
#include "python/python_error.hpp"
#include "python/script_context.hpp"
#include "python/script_params.hpp"
#include "python/script_source_state.hpp"
#include "python/text.hpp"

namespace py = pybind11;

namespace arrayfeed {

struct Script::Module {
  py::object module;
  py::object entry;
};

namespace {

std::unique_ptr<Script::Module> find_entry(const py::object& module, const std::string& entry,
                                           const std::string& name) {
  py::tuple found = Interpreter::host().attr("find_entry")(module, entry, os_text(name));
  if (found[0].is_none()) throw ScriptError(utf8_text(found[1]));
  return std::make_unique<Script::Module>(Script::Module{module, found[0]});
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
    const py::object module = Interpreter::host().attr("load_script")(os_text(path.string()));
    return Script(find_entry(module, entry, path.string()), path.string(), entry);
  } catch (py::error_already_set& error) {
    rethrow_python_error(error, "importing " + path.string() + " failed:");
  }
}

Script Script::default_job(const std::string& entry) {
  const std::string name = "embedded_scripts/default_job.py";
  try {
    const py::object module = Interpreter::host().attr("load_source")(default_job_py, name);
    return Script(find_entry(module, entry, name), name, entry);
  } catch (py::error_already_set& error) {
    rethrow_python_error(error, "importing the default job failed:");
  }
}

std::unique_ptr<ScriptSource> Script::start(const ScriptStart& start) const {
  const py::object ctx = make_context(start.params, start.data.views().dict, start.kernel_name,
                                      start.kernel_description, start.contract);
  try {
    py::tuple started = Interpreter::host().attr("start")(m_module->entry, ctx, m_entry_name);
    const std::optional<std::uint64_t> length =
        started[2].is_none() ? std::nullopt : std::optional(started[2].cast<std::uint64_t>());
    return std::make_unique<ScriptSource>(std::make_unique<ScriptSource::State>(
        ScriptIterator(started[0], started[1].cast<bool>(), m_module->entry, length),
        ArrayImporter(start.kernel_name, start.contract, start.convert)));
  } catch (py::error_already_set& error) {
    rethrow_python_error(error, "calling " + m_entry_name + "() in " + m_name + " failed:");
  }
}

std::string Script::describe_entry() const {
  return utf8_text(Interpreter::host().attr("describe_entry")(m_module->entry, m_entry_name));
}

std::vector<DataSpec> Script::data_sets(const Params& params) const {
  std::vector<DataSpec> specs;
  try {
    const py::list named = Interpreter::host().attr("script_data_sets")(m_module->module, script_params(params));
    for (const py::handle pair : named) {
      const py::tuple t = py::reinterpret_borrow<py::tuple>(pair);
      specs.push_back({utf8_text(t[0]), t[1].cast<std::string>()});
    }
  } catch (py::error_already_set& error) {
    rethrow_python_error(error, "data_sets() in " + m_name + " failed:");
  }
  return specs;
}

}  // namespace arrayfeed

#include "python/host_calls.hpp"

#include "host_arrays_py.hpp"
#include "host_data_py.hpp"
#include "host_plot_py.hpp"
#include "host_script_py.hpp"
#include "host_setup_py.hpp"
#include "python/script_reduce.hpp"
#include "python/text.hpp"

namespace py = pybind11;

namespace arrayfeed {
namespace {

// Run as a module of its own, in sys.modules under `name` as an imported
// module is, its file named "<NAME>": format_exception leaves out frames from
// files named "<arrayfeed...", the host's own.
py::module_ embedded_module(const char* name, const char* source) {
  py::module_ module = py::module_::import("types").attr("ModuleType")(name);
  py::module_::import("sys").attr("modules")[name] = module;
  const py::module_ builtins = py::module_::import("builtins");
  builtins.attr("exec")(builtins.attr("compile")(source, std::string("<") + name + ">", "exec"),
                        module.attr("__dict__"));
  return module;
}

std::string text_unless_none(py::handle text) { return text.is_none() ? std::string() : utf8_text(text); }

// A null object for Python's None: the answers' "none" reads as false.
py::object or_null(py::object object) { return object.is_none() ? py::object() : object; }

}  // namespace

HostCalls::HostCalls()
    : m_setup(embedded_module("arrayfeed_host_setup", host_setup_py)),
      m_script(embedded_module("arrayfeed_host_script", host_script_py)),
      m_arrays(embedded_module("arrayfeed_host_arrays", host_arrays_py)),
      m_data(embedded_module("arrayfeed_host_data", host_data_py)) {}

void HostCalls::set_up(int python_level, const std::string& virtual_env, const std::string& python_path) const {
  m_setup.attr("set_up")(python_level, virtual_env, python_path);
}

void HostCalls::flush_output() const { m_setup.attr("flush_output")(); }

void HostCalls::prints_to_stderr() const { m_setup.attr("prints_to_stderr")(); }

void HostCalls::wait_for_threads() const { m_setup.attr("wait_for_threads")(); }

PythonInfo HostCalls::versions() const {
  const py::object v = m_setup.attr("versions")();
  PythonInfo info{
      .version = utf8_text(v.attr("python")),
      .executable = utf8_text(v.attr("executable")),
      .numpy_version = utf8_text(v.attr("numpy")),
      .prefix = utf8_text(v.attr("prefix")),
      .path = {},
  };
  for (const py::handle entry : v.attr("path")) info.path.push_back(utf8_text(entry));
  return info;
}

std::string HostCalls::format_exception(py::handle exception, py::handle traceback) const {
  return utf8_text(m_setup.attr("format_exception")(exception, traceback));
}

bool HostCalls::is_terminated(py::error_already_set& error) const {
  return error.matches(m_setup.attr("Terminated"));
}

py::object HostCalls::load_script(const std::filesystem::path& path) const {
  return m_script.attr("load_script")(os_text(path.string()));
}

py::object HostCalls::load_source(const char* source, const std::string& filename) const {
  return m_script.attr("load_source")(source, filename);
}

FoundEntry HostCalls::find_entry(const py::object& module, const std::string& entry,
                                 const std::string& script) const {
  const py::object found = m_script.attr("find_entry")(module, entry, os_text(script));
  return {.entry = or_null(found.attr("entry")), .problem = text_unless_none(found.attr("problem"))};
}

std::string HostCalls::describe_entry(const py::object& entry, const std::string& entry_name) const {
  return utf8_text(m_script.attr("describe_entry")(entry, entry_name));
}

std::vector<DataSpec> HostCalls::script_data_sets(const py::object& module, const Params& params,
                                                  const py::set& read) const {
  std::vector<DataSpec> specs;
  for (const py::handle named : m_script.attr("script_data_sets")(module, script_params(params, read)))
    specs.push_back({.name = utf8_text(named.attr("name")), .path = named.attr("path").cast<std::string>()});
  return specs;
}

py::object HostCalls::kernel_info(const std::string& name, const std::string& description,
                                  const KernelInputs& inputs) const {
  const InputContract& contract = inputs.front().contract;
  py::list dtypes;
  for (const DType& t : contract.dtypes) dtypes.append(t.name());
  py::list named;
  for (const KernelInput& input : inputs)
    named.append(py::make_tuple(input.name, input.optional,
                                input.same_shape_as ? py::object(py::str(inputs[*input.same_shape_as].name)) : py::none(),
                                input.contract.describe()));
  return m_script.attr("kernel_info")(name, description, dtypes, contract.min_ndim, contract.max_ndim,
                                    contract.strided_ok, contract.describe(), named);
}

py::object HostCalls::context(const Params& params, const py::set& read, const py::dict& data,
                              const py::object& kernel, Communicator& ranks, bool results_sent_back) const {
  const std::optional<int> handle = ranks.fortran_handle();
  const py::object script_ranks = m_script.attr("Ranks")(ranks.rank(), ranks.size(), in_place_reduce(ranks),
                                                         handle ? py::object(py::int_(*handle)) : py::none());
  return m_script.attr("Context")(script_params(params, read), data, kernel, script_ranks, results_sent_back);
}

StartedEntry HostCalls::start(const py::object& entry, const py::object& ctx, const std::string& entry_name) const {
  const py::object started = m_script.attr("start")(entry, ctx, entry_name);
  const py::object length = started.attr("length");
  return {.iterator = started.attr("iterator"),
          .is_generator = started.attr("is_generator").cast<bool>(),
          .length = length.is_none() ? std::nullopt : std::optional(length.cast<std::uint64_t>())};
}

std::string HostCalls::where(const py::object& iterator, const py::object& entry) const {
  return utf8_text(m_script.attr("where")(iterator, entry));
}

AsArray HostCalls::as_array(py::handle item, const DType& target) const {
  const py::object found = m_arrays.attr("as_array")(item, target.name());
  if (py::object array = found.attr("array"); !array.is_none())
    return {.array = std::move(array), .through = text_unless_none(found.attr("through"))};
  return {.got = utf8_text(found.attr("got")),
          .fix = utf8_text(found.attr("fix")),
          .convertible = found.attr("convertible").cast<bool>()};
}

py::object HostCalls::convert(py::handle item, const DType& target, std::size_t alignment) const {
  return m_arrays.attr("convert")(item, target.type_string(), alignment);
}

std::string HostCalls::fix_for_values(py::handle array, const DType& target) const {
  return utf8_text(m_arrays.attr("fix_for_values")(array, target.name()));
}

std::string HostCalls::type_in_words(py::handle thing) const {
  return utf8_text(m_arrays.attr("type_in_words")(thing));
}

MappedDataSet HostCalls::load_data_set(const std::filesystem::path& path) const {
  const py::object loaded = m_data.attr("load_data_set")(py::bytes(path.string()));
  return {.array = or_null(loaded.attr("array")), .problem = text_unless_none(loaded.attr("problem"))};
}

py::dict HostCalls::script_params(const Params& params, const py::set& read) const {
  py::list items;
  for (const auto& [key, param] : params) items.append(py::make_tuple(key, param.text, param.typed));
  return m_script.attr("script_params")(items, read);
}

PlotAnswer HostCalls::plot_timings(const std::filesystem::path& timings, const std::filesystem::path& out) const {
  const py::module_ plot = embedded_module("arrayfeed_host_plot", host_plot_py);
  try {
    return {.line = utf8_text(plot.attr("plot_timings")(os_text(timings.string()), os_text(out.string()))),
            .problem = {}};
  } catch (py::error_already_set& error) {
    if (!error.matches(plot.attr("PlotError"))) throw;
    return {.line = {}, .problem = utf8_text(py::str(error.value()))};
  }
}

}  // namespace arrayfeed

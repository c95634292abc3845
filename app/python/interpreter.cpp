#include "python/interpreter.hpp"

#include <cerrno>
#include <cstdlib>
#include <memory>

#include <pybind11/embed.h>
#include <spdlog/spdlog.h>

#include "core/errors.hpp"
#include "core/exit_code.hpp"
#include "core/kernel_signals.hpp"
#include "core/live_line.hpp"
#include "core/memory_limit.hpp"
#include "core/early_exit.hpp"
#include "python/host_calls.hpp"
#include "python/numpy_api.hpp"
#include "python/python_error.hpp"
#include "python/text.hpp"

namespace py = pybind11;

// Lives here, not in a file of its own: a static library drops object files
// nothing refers to, and with them an embedded module's registration.
PYBIND11_EMBEDDED_MODULE(_arrayfeed_native, m) {
  m.def("log", [](int python_level, const py::handle& message) {
    const auto level = python_level >= 50   ? spdlog::level::critical
                       : python_level >= 40 ? spdlog::level::err
                       : python_level >= 30 ? spdlog::level::warn
                       : python_level >= 20 ? spdlog::level::info
                       : python_level >= 10 ? spdlog::level::debug
                                            : spdlog::level::trace;
    spdlog::log(level, "{}", arrayfeed::utf8_text(message));
  });
  m.def("rewrap_stop_signal", [](int signal) { arrayfeed::KernelSignals::rewrap(signal); });
  m.def("erase_live_line", [] { arrayfeed::LiveLine::on_stderr().erase(); });
}

namespace arrayfeed {
namespace {

int python_level(spdlog::level::level_enum level) {
  switch (level) {
    case spdlog::level::trace:
    case spdlog::level::debug: return 10;
    case spdlog::level::info: return 20;
    case spdlog::level::warn: return 30;
    case spdlog::level::err: return 40;
    case spdlog::level::critical: return 50;
    default: return 100;
  }
}

std::string env_or_empty(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

std::unique_ptr<const HostCalls> g_host;

/// Start-up failed in a way that can have another cause (CPython's own
/// messages do not say): under an address-space limit that limit is the
/// likely one, so the message names it.
BackendError start_failure(const std::string& reason) {
  const std::string limit = address_space_limit_text();
  if (limit.empty()) return BackendError("Python could not start: " + reason);
  return BackendError("Python could not start (" + reason + "), most likely out of memory: raise " + limit);
}

// Under a tight limit Python fails with MemoryError, an OSError ENOMEM (a
// folder it cannot list while importing), or an ImportError for a shared
// library (NumPy's, or one it links) the loader cannot map.
bool out_of_memory(py::error_already_set& error) {
  if (error.matches(PyExc_MemoryError)) return true;
  if (error.matches(PyExc_OSError) && py::getattr(error.value(), "errno", py::none()).equal(py::int_(ENOMEM)))
    return true;
  const std::string what = error.what();
  return error.matches(PyExc_ImportError) && (what.find("failed to map segment") != std::string::npos ||
                                               what.find("allocate memory") != std::string::npos);
}

// NumPy's BLAS (OpenBLAS) may fail to start its threads under a tight
// limit, and NumPy then fails with an ImportError that names something else.
bool import_failed_under_limit(py::error_already_set& error) {
  return error.matches(PyExc_ImportError) && !address_space_limit_text().empty();
}

BackendError ran_out_of_memory(py::error_already_set& error, bool certain) {
  // The last line: NumPy's ImportError puts the loader's reason there, after advice that does not apply.
  std::string message = utf8_text(py::str(error.value()));
  while (!message.empty() && message.back() == '\n') message.pop_back();
  message.erase(0, message.rfind('\n') + 1);
  const std::string what = utf8_text(error.type().attr("__name__")) + (message.empty() ? "" : ": " + message);
  return BackendError(std::string(certain ? "the embedded Python ran out of memory while starting ("
                                          : "the embedded Python could not start, most likely out of memory (") +
                      what + "): " + out_of_memory_fix());
}
// PYTHONHOME and friends are ignored (use_environment = 0): they usually
// point at another Python on these machines. The program name makes
// sys.executable Debian's interpreter (a venv's, once set_up has run), so
// subprocess and multiprocessing work.
// UTF-8 mode, as python3 has under a UTF-8 or C locale: file names and text
// files are UTF-8 whatever the locale the process inherited.
void start_python() {
  PyPreConfig preconfig;
  PyPreConfig_InitIsolatedConfig(&preconfig);
  preconfig.utf8_mode = 1;
  const PyStatus status = Py_PreInitialize(&preconfig);
  if (PyStatus_Exception(status)) throw start_failure(status.err_msg);
  PyConfig config;
  PyConfig_InitIsolatedConfig(&config);
  config.isolated = 0;
  config.use_environment = 0;
  config.user_site_directory = 1;
  config.install_signal_handlers = 1;
  PyConfig_SetBytesString(&config, &config.program_name, ARRAYFEED_PYTHON_EXECUTABLE);
  try {
    py::initialize_interpreter(&config, 0, nullptr, false);
    // pybind11 makes its own state on first use, which can fail for memory:
    // here, not later in a destructor (of an error_already_set) that cannot throw.
    const py::gil_scoped_acquire pybind11_state;
  } catch (const std::runtime_error& e) {  // pybind11's report of a failed PyStatus, or of its state
    throw start_failure(e.what());
  }
}

}  // namespace

Interpreter::Interpreter() {
  start_python();
  try {
    auto host = std::make_unique<const HostCalls>();
    host->set_up(python_level(spdlog::get_level()), env_or_empty("VIRTUAL_ENV"), env_or_empty("PYTHONPATH"));
    import_numpy_api();
    g_host = std::move(host);
  } catch (py::error_already_set& e) {
    if (e.matches(PyExc_KeyboardInterrupt)) throw interrupted();
    if (out_of_memory(e)) throw ran_out_of_memory(e, true);
    if (import_failed_under_limit(e)) throw ran_out_of_memory(e, false);
    throw BackendError(std::string("the embedded Python could not be set up (is python3-numpy "
                                   "installed for " ARRAYFEED_PYTHON_EXECUTABLE "?): ") + e.what());
  } catch (const std::runtime_error& e) {  // pybind11 found no Python error to report: allocations failing
    throw start_failure(e.what());
  }
}

Interpreter::~Interpreter() {
  g_host.reset();
  py::finalize_interpreter();
}

void Interpreter::wait_for_script_threads() {
  try {
    host().wait_for_threads();
  } catch (py::error_already_set& error) {
    rethrow_python_error(error, "waiting for the script's threads failed:");
  }
}

const HostCalls& Interpreter::host() { return *g_host; }

}  // namespace arrayfeed

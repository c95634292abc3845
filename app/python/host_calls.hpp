#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <pybind11/pybind11.h>

#include "core/communicator.hpp"
#include "core/data_sets.hpp"
#include "core/dtype.hpp"
#include "core/input_contract.hpp"
#include "core/kernel_inputs.hpp"
#include "core/params.hpp"
#include "python/python_info.hpp"

namespace arrayfeed {

/// find_entry's answer: the entry function, or why the script has none.
struct FoundEntry {
  pybind11::object entry;  ///< null when `problem` says why there is none
  std::string problem;
};

/// start's answer: what the entry returned, as an iterator to drive.
struct StartedEntry {
  pybind11::object iterator;
  bool is_generator = false;            ///< results can be sent back into it
  std::optional<std::uint64_t> length;  ///< len() of what the entry returned, when it has one
};

/// as_array's answer: a NumPy array over an item's own memory, or why there is none.
struct AsArray {
  pybind11::object array{};  ///< null when refused
  std::string got{};         ///< when refused: the item in words
  std::string fix{};         ///< when refused: what the script can yield instead
  bool convertible = false;  ///< when refused: whether --convert can copy it (a list can)
  std::string through{};     ///< how NumPy viewed an object with no buffer, e.g. "np.from_dlpack(x)"; else empty
};

/// load_data_set's answer: a read-only array mapped from the file, or what is wrong with it.
struct MappedDataSet {
  pybind11::object array;  ///< null when `problem` says why
  std::string problem;
};

/// plot_timings's answer: the line to show, or the user's error in words.
struct PlotAnswer {
  std::string line;
  std::string problem;  ///< empty when the plot was written
};

/// The Python half of the host (app/python/host_*.py), one typed call per
/// helper: the one place that names each Python function and reads its answer
/// (tuples come back as NamedTuples, read by field name). Python's errors come
/// out as pybind11::error_already_set, for the caller to put in its context.
/// Made by Interpreter (Interpreter::host()); every call needs the GIL.
class HostCalls {
 public:
  /// Runs the embedded modules. Throws error_already_set when one fails.
  HostCalls();

  // The interpreter itself (host_setup.py).
  /// Logging and print into spdlog, SIGTERM as Terminated, the venv and PYTHONPATH.
  void set_up(int python_level, const std::string& virtual_env, const std::string& python_path) const;
  /// Logs a last printed line that had no newline.
  void flush_output() const;
  void prints_to_stderr() const;
  /// Joins the script's non-daemon threads, naming them first.
  void wait_for_threads() const;
  PythonInfo versions() const;
  /// Python's traceback text, without the host's frames; `traceback` may be None.
  std::string format_exception(pybind11::handle exception, pybind11::handle traceback) const;
  /// Whether `error` is the host's Terminated, which SIGTERM raises.
  bool is_terminated(pybind11::error_already_set& error) const;

  // The script (host_script.py).
  /// Imports the script with its folder first on sys.path.
  pybind11::object load_script(const std::filesystem::path& path) const;
  /// Imports a script shipped inside the binary, named `filename` in tracebacks.
  pybind11::object load_source(const char* source, const std::string& filename) const;
  FoundEntry find_entry(const pybind11::object& module, const std::string& entry, const std::string& script) const;
  /// How the run calls the entry and whether results go back (for `check`).
  std::string describe_entry(const pybind11::object& entry, const std::string& entry_name) const;
  /// The data sets the script's optional data_sets(params) names; the keys it reads go into `read`.
  std::vector<DataSpec> script_data_sets(const pybind11::object& module, const Params& params,
                                         const pybind11::set& read) const;
  /// ctx.kernel: the kernel's name, description, its inputs and the first one's contract.
  pybind11::object kernel_info(const std::string& name, const std::string& description,
                               const KernelInputs& inputs) const;
  /// The ctx the entry receives; `kernel` is from kernel_info(); the keys of
  /// ctx.params the script reads go into `read`; ctx.rank, size, allreduce
  /// and comm are those of `ranks`; ctx.results_sent_back is `results_sent_back`.
  pybind11::object context(const Params& params, const pybind11::set& read, const pybind11::dict& data,
                           const pybind11::object& kernel, Communicator& ranks, bool results_sent_back) const;
  /// Calls the entry (with ctx when it takes an argument); TypeError when it returns no iterable.
  StartedEntry start(const pybind11::object& entry, const pybind11::object& ctx, const std::string& entry_name) const;
  /// "file:line" of the yield `iterator` stands at, else of the entry.
  std::string where(const pybind11::object& iterator, const pybind11::object& entry) const;

  // Yielded items (host_arrays.py); `target` is the dtype a suggested fix names.
  AsArray as_array(pybind11::handle item, const DType& target) const;
  /// A C-contiguous copy of `item` as `target` (--convert), within a kind or
  /// wider, its data at a multiple of `alignment` bytes (0: the element size).
  pybind11::object convert(pybind11::handle item, const DType& target, std::size_t alignment) const;
  /// The fix for an array of dates, text, objects or records, from what it holds.
  std::string fix_for_values(pybind11::handle array, const DType& target) const;
  /// "a list", "an Image (PIL.Image.Image)": the thing's type in words.
  std::string type_in_words(pybind11::handle thing) const;

  // Data sets (host_data.py).
  MappedDataSet load_data_set(const std::filesystem::path& path) const;

  // `arrayfeed plot` (host_plot.py, loaded by this call alone: the runs never need matplotlib).
  /// Draws the --timings file `timings` into the PNG `out`.
  PlotAnswer plot_timings(const std::filesystem::path& timings, const std::filesystem::path& out) const;

 private:
  /// ctx.params: typed Params as the Python objects their TOML values mean,
  /// noting each key read in `read`.
  pybind11::dict script_params(const Params& params, const pybind11::set& read) const;

  pybind11::module_ m_setup;   ///< host_setup.py
  pybind11::module_ m_script;  ///< host_script.py
  pybind11::module_ m_arrays;  ///< host_arrays.py
  pybind11::module_ m_data;    ///< host_data.py
};

}  // namespace arrayfeed

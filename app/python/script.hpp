#pragma once

#include <filesystem>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "core/communicator.hpp"
#include "core/data_sets.hpp"
#include "core/kernel_inputs.hpp"
#include "core/params.hpp"
#include "python/data_loader.hpp"
#include "python/script_source.hpp"

namespace arrayfeed {

/// What the script's entry is called with (its ctx) and how its items are read.
struct ScriptStart {
  const Params& params;
  const LoadedData& data;
  const std::string& kernel_name;
  const std::string& kernel_description;
  const KernelInputs& inputs;  ///< the kernel's, after its init
  Communicator& ranks;            ///< ctx.rank, size, allreduce and comm
  bool convert = false;           ///< --convert: copy what does not fit instead of refusing it
  bool results_sent_back = true;  ///< ctx.results_sent_back: false in the pipelined loop
};

/// The user's generator script, imported once, and its entry function.
/// Needs the GIL.
class Script {
 public:
  /// Imports the file with its folder on sys.path. Throws UsageError when the
  /// file is missing, ScriptError when the import fails or the entry is missing.
  static Script from_file(const std::filesystem::path& path, const std::string& entry);
  /// The default job compiled into the binary (embedded_scripts/default_job.py).
  static Script default_job(const std::string& entry);
  ~Script();
  Script(Script&&) noexcept;
  Script& operator=(Script&&) noexcept;

  /// Calls the entry (with ctx when it takes an argument) and returns its
  /// items as the run's source. Throws ScriptError when it fails or returns
  /// something that is not iterable.
  std::unique_ptr<ScriptSource> start(const ScriptStart& start) const;
  /// The script's name in messages: its path as given.
  const std::string& name() const { return m_name; }
  /// How the entry will be called and whether results go back into it.
  std::string describe_entry() const;
  /// The data sets the script names itself, if it defines
  /// `data_sets(params) -> {name: path}` (it may create the files first).
  /// Throws ScriptError when that function fails or returns something else.
  std::vector<DataSpec> data_sets(const Params& params) const;
  /// The parameter names data_sets() and the entry's ctx.params have read so
  /// far (all of them once the script went over its keys).
  std::set<std::string> params_read() const;

  struct Module;  ///< the imported module and its entry (Python objects)

 private:
  Script(std::unique_ptr<Module> module, std::string name, std::string entry);

  std::unique_ptr<Module> m_module;
  std::string m_name;
  std::string m_entry_name;
};

}  // namespace arrayfeed

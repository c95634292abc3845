#pragma once

#include <filesystem>
#include <string>

#include <pybind11/pybind11.h>

#include "core/data_sets.hpp"
#include "core/params.hpp"
#include "python/script_iterator.hpp"

namespace arrayfeed {

/// The user's generator script, imported once, and its entry function.
class Script {
 public:
  /// Imports the file with its folder on sys.path. Throws UsageError when the
  /// file is missing, ScriptError when the import fails or the entry is missing.
  static Script from_file(const std::filesystem::path& path, const std::string& entry);
  /// The default job compiled into the binary (embedded_scripts/default_job.py).
  static Script default_job(const std::string& entry);

  /// Calls the entry (with ctx when it takes an argument). Throws ScriptError
  /// when it fails or returns something that is not iterable.
  ScriptIterator start(const pybind11::object& ctx) const;
  /// The script's name in messages: its path as given.
  const std::string& name() const { return m_name; }
  /// How the entry will be called and whether results go back into it.
  std::string describe_entry() const;
  /// The data sets the script names itself, if it defines
  /// `data_sets(params) -> {name: path}` (it may create the files first).
  /// Throws ScriptError when that function fails or returns something else.
  std::vector<DataSpec> data_sets(const Params& params) const;

 private:
  Script(const pybind11::object& module, std::string name, const std::string& entry);

  std::string m_name;
  std::string m_entry_name;
  pybind11::object m_module;
  pybind11::object m_entry;
};

}  // namespace arrayfeed

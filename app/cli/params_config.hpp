#pragma once

#include <istream>
#include <string>
#include <utility>
#include <vector>

#include <CLI/CLI.hpp>

#include "core/params.hpp"

namespace arrayfeed {

/// The --config file, read by read_config() (a real TOML parser) and handed
/// to CLI11 as the options it sets: top-level keys are options of the
/// subcommand being run (so a file reads `kernel = "stats"`, not
/// `run.kernel`), and the [params] table is kept apart for ctx.params.
class ParamsConfig : public CLI::ConfigTOML {
 public:
  explicit ParamsConfig(const CLI::App& root) : m_root(root) {}
  /// Throws UsageError ("file:line:column: what is wrong") for a file that is
  /// not TOML, an unknown key, a value of the wrong type or a missing path.
  std::vector<CLI::ConfigItem> from_config(std::istream& input) const override;
  /// The [params] table of the file read last.
  const Params& params() const { return m_params; }
  /// "file:line:column" of the value this file gave the option that CLI11's
  /// `error` names ("--threads: ..."); empty if the file gave it none.
  std::string place_of(const CLI::Error& error) const;

 private:
  const CLI::App& m_root;
  // Filled while CLI11 reads the file, through a const interface.
  mutable Params m_params;
  mutable std::vector<std::pair<std::string, std::string>> m_places;  ///< option name, where its value is
};

}  // namespace arrayfeed

#pragma once

#include <istream>
#include <vector>

#include <CLI/CLI.hpp>

#include "core/params.hpp"

namespace arrayfeed {

/// CLI11's TOML reader, fitted to arrayfeed's config files: top-level keys are
/// options of the subcommand being run (so a file reads `kernel = "stats"`,
/// not `run.kernel`), and the free-form [params] table is kept apart for
/// ctx.params instead of being rejected as unknown options.
class ParamsConfig : public CLI::ConfigTOML {
 public:
  explicit ParamsConfig(const CLI::App& root) : m_root(root) {}
  std::vector<CLI::ConfigItem> from_config(std::istream& input) const override;
  /// The [params] table of the file read last.
  const Params& params() const { return m_params; }

 private:
  const CLI::App& m_root;
  mutable Params m_params;  ///< filled while CLI11 reads the file, through a const interface
};

}  // namespace arrayfeed

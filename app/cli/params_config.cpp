#include "cli/params_config.hpp"

namespace arrayfeed {

std::vector<CLI::ConfigItem> ParamsConfig::from_config(std::istream& input) const {
  const auto parsed_subcommands = m_root.get_subcommands();
  const std::string subcommand = parsed_subcommands.empty() ? "" : parsed_subcommands.front()->get_name();
  std::vector<CLI::ConfigItem> items;
  for (CLI::ConfigItem& item : CLI::ConfigTOML::from_config(input)) {
    if (!item.parents.empty() && item.parents.front() == "params") {
      if (item.name != "++" && item.name != "--")
        m_params[item.name] = CLI::detail::join(item.inputs, ",");
      continue;
    }
    if (!subcommand.empty() && (item.parents.empty() || item.parents.front() != subcommand))
      item.parents.insert(item.parents.begin(), subcommand);
    items.push_back(std::move(item));
  }
  return items;
}

}  // namespace arrayfeed

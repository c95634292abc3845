#include "cli/params_config.hpp"

namespace arrayfeed {

namespace {

// CLI11 would say "INI was not able to parse run.bogus"; say what to do instead.
void require_option(const CLI::App& command, const std::string& key) {
  if (command.get_option_no_throw("--" + key) || command.get_option_no_throw(key)) return;
  throw CLI::ConfigError("config file: unknown key '" + key + "'; keys are '" + command.get_name() +
                         "' options without the dashes (e.g. kernel = \"stats\"), and script " +
                         "parameters go in a [params] table");
}

}  // namespace

std::vector<CLI::ConfigItem> ParamsConfig::from_config(std::istream& input) const {
  const auto parsed_subcommands = m_root.get_subcommands();
  const CLI::App* command = parsed_subcommands.empty() ? nullptr : parsed_subcommands.front();
  const std::string subcommand = command ? command->get_name() : "";
  std::vector<CLI::ConfigItem> items;
  for (CLI::ConfigItem& item : CLI::ConfigTOML::from_config(input)) {
    if (!item.parents.empty() && item.parents.front() == "params") {
      if (item.name != "++" && item.name != "--")
        m_params[item.name] = CLI::detail::join(item.inputs, ",");
      continue;
    }
    if (command && item.parents.empty()) {
      require_option(*command, item.name);
      item.parents.push_back(subcommand);
    }
    items.push_back(std::move(item));
  }
  return items;
}

}  // namespace arrayfeed

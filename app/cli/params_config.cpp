#include "cli/params_config.hpp"

namespace arrayfeed {

namespace {

[[noreturn]] void config_error(const std::string& message) {
  throw CLI::ConfigError("config file: " + message);
}

// The keys a config file may set for `command`: its options' names, without the dashes.
std::string keys_of(const CLI::App& command) {
  std::string keys;
  for (const CLI::Option* option : command.get_options())
    if (option != command.get_help_ptr()) keys += (keys.empty() ? "" : ", ") + option->get_single_name();
  return keys;
}

// CLI11 would say "INI was not able to parse run.bogus"; say what to do instead.
void require_option(const CLI::App& command, const std::string& key) {
  if (command.get_option_no_throw("--" + key) || command.get_option_no_throw(key)) return;
  config_error("unknown key '" + key + "'; '" + command.get_name() + "' takes " + keys_of(command) +
               " (its options without the dashes), and script parameters go in a [params] table");
}

// CLI11's TOML reader handles flat keys with strings, numbers, booleans and
// arrays; what it would misread is refused instead of passed on mangled.
void require_plain_value(const CLI::ConfigItem& item) {
  for (const std::string& input : item.inputs) {
    if (input.starts_with("{")) config_error("'" + item.name + "': inline tables are not supported");
    if (input.starts_with("\"\"\"") || input.starts_with("'''"))
      config_error("'" + item.name + "': multi-line strings are not supported");
  }
}

bool is_section_marker(const CLI::ConfigItem& item) { return item.name == "++" || item.name == "--"; }

}  // namespace

std::vector<CLI::ConfigItem> ParamsConfig::from_config(std::istream& input) const {
  const auto parsed_subcommands = m_root.get_subcommands();
  const CLI::App* command = parsed_subcommands.empty() ? nullptr : parsed_subcommands.front();
  const std::string subcommand = command ? command->get_name() : "";
  std::vector<CLI::ConfigItem> items;
  for (CLI::ConfigItem& item : CLI::ConfigTOML::from_config(input)) {
    if (!is_section_marker(item)) require_plain_value(item);
    const std::string table = item.parents.empty() ? "" : CLI::detail::join(item.parents, ".");
    if (table == "params") {
      if (!is_section_marker(item)) m_params[item.name] = CLI::detail::join(item.inputs, ",");
      continue;
    }
    if (!table.empty() && table != subcommand)
      config_error("unknown table [" + table + "]; options go at the top, parameters in [params] " +
                   "(which holds plain keys, no nested tables)");
    if (command && item.parents.empty()) {
      require_option(*command, item.name);
      item.parents.push_back(subcommand);
    }
    items.push_back(std::move(item));
  }
  return items;
}

}  // namespace arrayfeed

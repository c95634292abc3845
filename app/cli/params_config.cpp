#include "cli/params_config.hpp"

#include <filesystem>
#include <iterator>

#include "cli/config_reader.hpp"
#include "cli/run_command.hpp"
#include "core/errors.hpp"

namespace arrayfeed {
namespace {

const CLI::Option& option_named(const CLI::App& command, const std::string& name) {
  const CLI::Option* option = command.get_option_no_throw("--" + name);
  return option ? *option : *command.get_option(name);  // a positional (script)
}

// A path the file names is looked for where the file says (its own folder for
// a relative one): when it is not there, the message names the file, so that
// the path is not taken for one given on the command line.
void require_paths(const ConfigSetting& setting, const std::string& file) {
  namespace fs = std::filesystem;
  const ValueKind kind = setting.key->kind;
  if (kind != ValueKind::file && kind != ValueKind::new_file && kind != ValueKind::named_file) return;
  const bool output = kind == ValueKind::new_file;  // created by the run: its folder must exist
  const std::string& name = setting.key->name;
  for (const std::string& value : setting.values) {
    const auto eq = value.find('=');
    if (kind == ValueKind::named_file && (eq == std::string::npos || eq == 0)) continue;  // the option's check says
    const fs::path path = kind == ValueKind::named_file ? value.substr(eq + 1) : value;
    const fs::path wanted = output ? path.parent_path() : path;
    std::error_code ec;
    if (wanted.empty() || fs::exists(wanted, ec)) continue;
    const std::string missing = kind == ValueKind::file ? "" : (output ? ": folder '" : ": '") + wanted.string() + "'";
    throw UsageError(setting.where + ": " + name + " '" + value + "'" + missing + " not found (a relative path in " +
                     "config file " + file + " is taken from that file's folder)");
  }
}

}  // namespace

std::vector<CLI::ConfigItem> ParamsConfig::from_config(std::istream& input) const {
  const auto parsed_subcommands = m_root.get_subcommands();
  if (parsed_subcommands.empty()) return {};  // CLI11 then says that a subcommand is required
  const CLI::App& command = *parsed_subcommands.front();
  const std::string file = m_root.get_config_ptr()->as<std::string>();
  const std::string text(std::istreambuf_iterator<char>(input), {});
  const std::vector<ConfigKey> keys = config_keys(command);
  ConfigFile config = read_config(text, file, command.get_name(), keys);
  std::vector<CLI::ConfigItem> items;
  for (const ConfigSetting& setting : config.settings) {
    if (option_named(command, setting.key->name).count() > 0 || setting.values.empty()) continue;  // the command line wins
    require_paths(setting, file);
    CLI::ConfigItem item;
    item.parents = {command.get_name()};
    item.name = setting.key->name;
    item.inputs = setting.values;
    items.push_back(std::move(item));
  }
  m_params = std::move(config.params);
  return items;
}

}  // namespace arrayfeed

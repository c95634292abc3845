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

// What a path in the file needs and lacks: the file itself, or for a file the
// run writes, its folder ("" when it is there, or when the option's own check
// will say what is wrong: a NAME=PATH without a NAME).
std::string missing(ValueKind kind, const std::string& value) {
  namespace fs = std::filesystem;
  fs::path path = value;
  if (kind == ValueKind::named_file) {
    const auto eq = value.find('=');
    if (eq == std::string::npos || eq == 0) return "";
    path = value.substr(eq + 1);
  }
  const fs::path wanted = kind == ValueKind::new_file ? path.parent_path() : path;
  std::error_code ec;
  if (wanted.empty() || fs::exists(wanted, ec)) return "";
  if (kind == ValueKind::file) return " not found";
  return std::string(kind == ValueKind::new_file ? ": folder '" : ": '") + wanted.string() + "' not found";
}

// A path the file names is looked for where the file says (its own folder for
// a relative one): when it is not there, the message names the file, so that
// the path is not taken for one given on the command line.
void require_paths(const ConfigSetting& setting, const std::string& file) {
  const ValueKind kind = setting.key->kind;
  if (kind != ValueKind::file && kind != ValueKind::new_file && kind != ValueKind::named_file) return;
  for (const std::string& value : setting.values) {
    const std::string problem = missing(kind, value);
    if (!problem.empty())
      throw UsageError(setting.where + ": " + setting.key->name + " '" + value + "'" + problem +
                       " (a relative path in config file " + file + " is taken from that file's folder)");
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
    const bool given = option_named(command, setting.key->name).count() > 0;
    if (given || setting.values.empty()) continue;  // the command line wins
    require_paths(setting, file);
    m_places.emplace_back(setting.key->name, setting.where);
    CLI::ConfigItem item;
    item.parents = {command.get_name()};
    item.name = setting.key->name;
    item.inputs = setting.values;
    items.push_back(std::move(item));
  }
  m_params = std::move(config.params);
  return items;
}

std::string ParamsConfig::place_of(const CLI::Error& error) const {
  const std::string_view message = error.what();
  for (const auto& [name, where] : m_places)
    if (message.starts_with("--" + name + ":")) return where;
  return "";
}

}  // namespace arrayfeed

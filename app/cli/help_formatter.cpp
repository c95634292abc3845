#include "cli/help_formatter.hpp"

#include <algorithm>
#include <cctype>
#include <utility>

#include "cli/text_wrap.hpp"

namespace arrayfeed {
namespace {

constexpr std::size_t kOptionColumn = 24;

// CLI11 appends each check's description to the type name ("LEVEL:{a,b}").
std::string bare_type_name(const CLI::Option& option) {
  const std::string full = option.get_type_name();
  return full.substr(0, full.find(':'));
}

std::string checks_text(const CLI::Option& option) {
  const std::string full = option.get_type_name();
  const std::size_t colon = full.find(':');
  if (colon == std::string::npos) return "";
  std::string checks = full.substr(colon + 1);
  // CLI11's path checks call themselves FILE, DIR or PATH: the name says as much.
  if (std::all_of(checks.begin(), checks.end(), [](unsigned char c) { return std::isupper(c); })) return "";
  std::replace(checks.begin(), checks.end(), ':', ' ');
  return checks.starts_with('{') ? checks : "(" + checks + ")";  // a set of values, or a range
}

std::string upper(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::toupper(c); });
  return text;
}

// `arrayfeed run`, not the path the binary was started by.
std::string command_path(const CLI::App* app) {
  return app->get_parent() == nullptr ? app->get_name() : command_path(app->get_parent()) + " " + app->get_name();
}

std::string joined_lines(const std::vector<std::string>& lines) {
  std::string text;
  for (const std::string& line : lines) text += line + "\n";
  return text;
}

}  // namespace

HelpFormatter::HelpFormatter() {
  column_width(kOptionColumn);
  label("SUBCOMMAND", "COMMAND");
}

std::string HelpFormatter::make_help(const CLI::App* app, std::string name, CLI::AppFormatMode mode) const {
  const std::string footer = app->get_footer();
  return make_description(app) + "\n" + make_usage(app, std::move(name)) + make_option_groups(app) +
         make_subcommands(app, mode) + (footer.empty() ? "" : "\n" + footer + "\n");
}

std::string HelpFormatter::make_description(const CLI::App* app) const {
  const std::string lead = app->get_parent() == nullptr ? "" : command_path(app) + ": ";
  return joined_lines(wrap_lines(lead + app->get_description(), kHelpWidth));
}

std::string HelpFormatter::make_usage(const CLI::App* app, std::string /*name*/) const {
  const std::string usage = CLI::Formatter::make_usage(app, command_path(app));
  const std::string label = get_label("Usage") + ": ";
  const std::string indent(label.size(), ' ');
  std::string text;
  for (const std::string& line : wrap_lines(usage.substr(label.size(), usage.find('\n') - label.size()),
                                            kHelpWidth - label.size()))
    text += (text.empty() ? label : indent) + line + "\n";
  return text;
}

std::string HelpFormatter::make_subcommand(const CLI::App* command) const {
  return hanging_text("  " + command->get_name(), command->get_description(), get_column_width(), kHelpWidth);
}

std::string HelpFormatter::make_option(const CLI::Option* option, bool is_positional) const {
  return hanging_text("  " + make_option_name(option, is_positional) + make_option_opts(option),
                      make_option_desc(option), get_column_width(), kHelpWidth);
}

std::string HelpFormatter::make_option_name(const CLI::Option* option, bool is_positional) const {
  if (is_positional) return upper(option->get_name(true, false));
  std::string names = option->get_name(false, true);
  for (std::size_t at = names.find(','); at != std::string::npos; at = names.find(',', at + 2)) names.insert(at + 1, " ");
  return names;
}

std::string HelpFormatter::make_option_opts(const CLI::Option* option) const {
  if (option->get_positional() || option->get_type_size() == 0) return "";
  const std::string type = bare_type_name(*option);
  return type.empty() ? "" : " " + type;
}

// What CLI11 puts beside the name (allowed values, default, exclusions)
// goes after the description, where it can wrap.
std::string HelpFormatter::make_option_desc(const CLI::Option* option) const {
  std::string text = option->get_description();
  if (const std::string checks = checks_text(*option); !checks.empty()) text += " " + checks;
  if (!option->get_default_str().empty()) text += " (default: " + option->get_default_str() + ")";
  for (const CLI::Option* excluded : option->get_excludes()) text += " (not with " + excluded->get_name() + ")";
  return text;
}

std::string HelpFormatter::make_option_usage(const CLI::Option* option) const {
  const std::string name = upper(option->get_name(true, false));
  return option->get_required() ? name : "[" + name + "]";
}

std::string HelpFormatter::make_option_groups(const CLI::App* app) const {
  std::vector<std::string> groups = app->get_groups();
  // --help is how the reader got here, not news: its group goes last.
  if (const CLI::Option* help = app->get_help_ptr(); help != nullptr)
    std::stable_partition(groups.begin(), groups.end(), [&](const std::string& g) { return g != help->get_group(); });
  std::string text;
  bool first = true;
  for (const std::string& group : groups) {
    const std::vector<const CLI::Option*> options = group_options(app, group, first);
    if (group.empty() || options.empty()) continue;  // an empty group name hides its options
    text += "\n" + group + ":\n";
    for (const CLI::Option* option : options) text += make_option(option, option->get_positional());
    first = false;
  }
  return text;
}

// Positionals first; the first group also lists what the command takes from
// its parent by fallthrough (--config may follow the command).
std::vector<const CLI::Option*> HelpFormatter::group_options(const CLI::App* app, const std::string& group,
                                                             bool first) const {
  auto in_group = [&](bool positional) {
    return app->get_options([&](const CLI::Option* o) { return o->get_group() == group && o->get_positional() == positional; });
  };
  std::vector<const CLI::Option*> options = in_group(true);
  const CLI::App* parent = app->get_parent();
  if (first && parent != nullptr && app->get_fallthrough() && parent->get_config_ptr() != nullptr)
    options.push_back(parent->get_config_ptr());
  const std::vector<const CLI::Option*> named = in_group(false);
  options.insert(options.end(), named.begin(), named.end());
  return options;
}

}  // namespace arrayfeed

#include "cli/config_reader.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <sstream>

#include <toml++/toml.h>

#include "cli/toml_text.hpp"
#include "core/errors.hpp"

namespace arrayfeed {
namespace {

/// What reading one file needs at every step.
struct Reading {
  const std::string& file;
  const std::string& command;
  const std::vector<ConfigKey>& keys;
  std::filesystem::path folder;  ///< where the file's relative paths start
};

std::string place(const std::string& file, const toml::source_region& region) {
  return file + ":" + std::to_string(region.begin.line) + ":" + std::to_string(region.begin.column);
}

[[noreturn]] void fail(const std::string& where, const std::string& what) { throw UsageError(where + ": " + what); }

// Line `number` (from 1) of `text`, without its end.
std::string_view line_of(std::string_view text, std::size_t number) {
  for (std::size_t i = 1; i < number && !text.empty(); ++i) {
    const auto end = text.find('\n');
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
  }
  return text.substr(0, text.find('\n'));
}

// True if `line` reads `key = word`: text without its quotes, which TOML's
// parser reports as a bad number or boolean (`kernel = nop`).
bool unquoted_word(std::string_view line) {
  const auto eq = line.find('=');
  if (eq == std::string_view::npos) return false;
  const auto start = line.find_first_not_of(" \t", eq + 1);
  if (start == std::string_view::npos || !std::isalpha(static_cast<unsigned char>(line[start]))) return false;
  const auto word = line.substr(start, line.find_first_of(" \t#,]}", start) - start);
  return word != "true" && word != "false" && word != "inf" && word != "nan";
}

// What the parser's own words leave out, for the two mistakes people make.
std::string hint(std::string_view line, const toml::parse_error& e) {
  if (unquoted_word(line)) return " (text needs quotes: key = \"text\")";
  const bool at_line_end = e.source().begin.column > line.size();
  if (at_line_end && e.description().find(" string") != std::string_view::npos)
    return " (the string is not closed on its line: add the closing quote)";
  return "";
}

toml::table parse(std::string_view text, const std::string& file) {
  try {
    return toml::parse(text, std::string_view(file));
  } catch (const toml::parse_error& e) {
    fail(place(file, e.source()), std::string(e.description()) + hint(line_of(text, e.source().begin.line), e));
  }
}

// A string taken as it is; kernels and plugins read it as a C string, so it may not hold NUL.
std::string plain_string(const Reading& r, const toml::node& node, std::string_view what) {
  const std::string& text = node.as_string()->get();
  if (text.find('\0') != std::string::npos)
    fail(place(r.file, node.source()), std::string(what) + " holds a NUL character (\\u0000), which no option or "
                                                           "parameter can take");
  return text;
}

std::string resolved(const Reading& r, const std::string& path) {
  // "-" is stdout (output = "-"), not a file beside the config file.
  if (path.empty() || path == "-" || std::filesystem::path(path).is_absolute()) return path;
  return (r.folder / path).string();
}

std::string resolved_spec(const Reading& r, const std::string& spec) {
  const auto eq = spec.find('=');
  if (eq == std::string::npos || eq == 0) return spec;  // the option's own check says what is wrong
  return spec.substr(0, eq + 1) + resolved(r, spec.substr(eq + 1));
}

std::string count_value(const Reading& r, const ConfigKey& key, const toml::node& node) {
  const std::string where = place(r.file, node.source());
  const std::string example = " (e.g. " + key.name + " = 10)";
  if (!node.is_integer())
    fail(where, "'" + key.name + "' takes a whole number" + example + ", got " + toml_type_name(node));
  const auto& number = *node.as_integer();
  const std::string decimal = std::to_string(number.get());
  if (number.flags() != toml::value_flags::none) {  // 0x10, 0o20, 0b10000: options are decimal everywhere
    std::ostringstream written;
    written << number;
    fail(where, "'" + key.name + "' takes a decimal number: write " + key.name + " = " + decimal + ", not " +
                    written.str());
  }
  return decimal;
}

std::string option_value(const Reading& r, const ConfigKey& key, const toml::node& node) {
  if (key.kind == ValueKind::count) return count_value(r, key, node);
  if (key.kind == ValueKind::flag) {
    if (!node.is_boolean())
      fail(place(r.file, node.source()), "'" + key.name + "' takes true or false, got " + toml_type_name(node));
    return node.as_boolean()->get() ? "true" : "false";
  }
  if (!node.is_string())
    fail(place(r.file, node.source()),
         "'" + key.name + "' takes a string (in quotes), got " + toml_type_name(node) + ": " + toml_text(node));
  const std::string text = plain_string(r, node, "'" + key.name + "'");
  if (key.kind == ValueKind::text) return text;
  return key.kind == ValueKind::named_file ? resolved_spec(r, text) : resolved(r, text);
}

std::string what_it_takes(const std::vector<ConfigKey>& keys) {
  if (keys.empty()) return "no options";
  std::string list;
  for (const ConfigKey& key : keys) list += (list.empty() ? "" : ", ") + key.name;
  return list + " (its options without the dashes)";
}

ConfigSetting setting(const Reading& r, const toml::key& name, const toml::node& node) {
  const auto key = std::find_if(r.keys.begin(), r.keys.end(), [&](const ConfigKey& k) { return k.name == name.str(); });
  if (key == r.keys.end())
    fail(place(r.file, name.source()),
         "unknown key '" + std::string(name.str()) + "'; '" + r.command + "' takes " + what_it_takes(r.keys) +
             ", and script parameters go in a [params] table");
  ConfigSetting result{.key = &*key, .values = {}, .where = place(r.file, node.source())};
  const toml::array* array = node.as_array();
  if (!array) {
    result.values.push_back(option_value(r, *key, node));
  } else if (key->repeatable) {
    for (const toml::node& element : *array) result.values.push_back(option_value(r, *key, element));
  } else {
    fail(result.where, "'" + key->name + "' takes one value, got an array");
  }
  return result;
}

Params params(const Reading& r, const toml::key& name, const toml::node& node) {
  const toml::table* table = node.as_table();
  if (!table)
    fail(place(r.file, name.source()), "'params' must be a table: a [params] line, then one KEY = VALUE a line");
  Params result;
  for (const auto& [key, value] : *table) {
    if (key.str().find('\0') != std::string::npos)
      fail(place(r.file, key.source()), "a parameter's name holds a NUL character (\\u0000)");
    result[std::string(key.str())] =
        value.is_string() ? Param(plain_string(r, value, "parameter '" + std::string(key.str()) + "'"))
                          : Param(toml_text(value), true);
  }
  return result;
}

}  // namespace

ConfigFile read_config(std::string_view text, const std::string& file_name, const std::string& command,
                       const std::vector<ConfigKey>& keys) {
  const toml::table root = parse(text, file_name);
  const Reading r{.file = file_name,
                  .command = command,
                  .keys = keys,
                  .folder = std::filesystem::path(file_name).parent_path()};
  ConfigFile config;
  for (const auto& [name, node] : root) {
    if (name == "params") {
      config.params = params(r, name, node);
      continue;
    }
    const toml::table* table = node.as_table();
    if (!table || table->is_inline()) {
      config.settings.push_back(setting(r, name, node));
      continue;
    }
    if (name != command)  // [section] or dotted.keys
      fail(place(r.file, name.source()),
           "unknown table [" + std::string(name.str()) + "]; options go at the top (or in a [" + command +
               "] table), script parameters in [params]");
    for (const auto& [inner, value] : *table) config.settings.push_back(setting(r, inner, value));
  }
  return config;
}

}  // namespace arrayfeed

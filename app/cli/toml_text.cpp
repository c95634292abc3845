#include "cli/toml_text.hpp"

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <sstream>

namespace arrayfeed {
namespace {

std::string quoted(std::string_view s) {
  std::string out = "\"";
  for (const char c : s) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (byte < 0x20 || byte == 0x7f) {  // TOML allows no raw control characters in a string
      char escape[8];
      std::snprintf(escape, sizeof escape, "\\u%04x", byte);
      out += escape;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

bool is_bare_key(std::string_view key) {
  if (key.empty()) return false;
  for (const char c : key)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-') return false;
  return true;
}

std::string float_text(double value) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  char buffer[32];
  const auto end = std::to_chars(buffer, buffer + sizeof buffer, value).ptr;
  std::string text(buffer, end);
  // TOML and Python read "3" as an integer: a float keeps its decimal point.
  if (text.find_first_of(".e") == std::string::npos) text += ".0";
  return text;
}

template <typename T>
std::string streamed(const T& value) {
  std::ostringstream out;
  out << value;
  return out.str();
}

std::string array_text(const toml::array& array) {
  std::string out = "[";
  for (const toml::node& element : array) out += (out.size() > 1 ? ", " : "") + toml_text(element);
  return out + "]";
}

std::string table_text(const toml::table& table) {
  std::string out = "{";
  for (const auto& [key, value] : table)
    out += (out.size() > 1 ? ", " : "") + (is_bare_key(key.str()) ? std::string(key.str()) : quoted(key.str())) +
           " = " + toml_text(value);
  return out + "}";
}

}  // namespace

std::string toml_text(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::string: return quoted(node.as_string()->get());
    case toml::node_type::integer: return std::to_string(node.as_integer()->get());
    case toml::node_type::floating_point: return float_text(node.as_floating_point()->get());
    case toml::node_type::boolean: return node.as_boolean()->get() ? "true" : "false";
    case toml::node_type::date: return streamed(node.as_date()->get());
    case toml::node_type::time: return streamed(node.as_time()->get());
    case toml::node_type::date_time: return streamed(node.as_date_time()->get());
    case toml::node_type::array: return array_text(*node.as_array());
    case toml::node_type::table: return table_text(*node.as_table());
    case toml::node_type::none: break;
  }
  return "";
}

std::string toml_type_name(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::string: return "a string";
    case toml::node_type::integer: return "an integer";
    case toml::node_type::floating_point: return "a float";
    case toml::node_type::boolean: return "a boolean";
    case toml::node_type::date: return "a date";
    case toml::node_type::time: return "a time";
    case toml::node_type::date_time: return "a date-time";
    case toml::node_type::array: return "an array";
    case toml::node_type::table: return "a table";
    case toml::node_type::none: break;
  }
  return "nothing";
}

}  // namespace arrayfeed

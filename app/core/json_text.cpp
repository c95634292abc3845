#include "core/json_text.hpp"

#include <cmath>
#include <spdlog/fmt/fmt.h>

namespace arrayfeed {

void append_json(std::string& out, std::string_view s) {
  out += '"';
  for (char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) out += fmt::format("\\u{:04x}", c);
        else out += c;
    }
  }
  out += '"';
}

void append_json(std::string& out, const Scalar& value) {
  if (const auto* i = std::get_if<std::int64_t>(&value)) {
    out += std::to_string(*i);
    return;
  }
  const double d = std::get<double>(value);
  // fmt's "{}" is the shortest text that reads back to the same double.
  out += std::isfinite(d) ? fmt::format("{}", d) : "null";
}

void append_json_members(std::string& out, const NamedValues& values) {
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i) out += ", ";
    append_json(out, values[i].name);
    out += ": ";
    append_json(out, values[i].value);
  }
}

}  // namespace arrayfeed

#include "core/json_text.hpp"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <spdlog/fmt/fmt.h>

namespace arrayfeed {
namespace {

// fmt's "{}" is the shortest text that reads back to the same number; a
// whole one gets ".0", so JSON readers see a float, not an int ("2.0", not "2").
template <class Float>
void append_float(std::string& out, Float value) {
  if (!std::isfinite(value)) {
    out += "null";
    return;
  }
  const std::size_t start = out.size();
  fmt::format_to(std::back_inserter(out), "{}", value);
  if (out.find_first_of(".e", start) == std::string::npos) out += ".0";
}

void append_number(std::string& out, double d) { append_float(out, d); }

template <class T>
T load(const char* at) {
  T value;
  std::memcpy(&value, at, sizeof value);
  return value;
}

void append_element(std::string& out, const DType& t, const char* at) {
  switch (t.kind) {
    case 'b': out += load<std::uint8_t>(at) != 0 ? "true" : "false"; return;  // a bool byte may hold 2
    case 'i':
      out += std::to_string(t.itemsize == 1 ? load<std::int8_t>(at)
                            : t.itemsize == 2 ? load<std::int16_t>(at)
                            : t.itemsize == 4 ? load<std::int32_t>(at)
                                              : load<std::int64_t>(at));
      return;
    case 'u':
      out += std::to_string(t.itemsize == 1 ? load<std::uint8_t>(at)
                            : t.itemsize == 2 ? load<std::uint16_t>(at)
                            : t.itemsize == 4 ? load<std::uint32_t>(at)
                                              : load<std::uint64_t>(at));
      return;
    case 'c': {
      const int half = t.itemsize / 2;
      const DType part{.kind = 'f', .itemsize = half};
      out += '[';
      append_element(out, part, at);
      out += ", ";
      append_element(out, part, at + half);
      out += ']';
      return;
    }
    default:  // float32 as the shortest text of its own precision, not float64's
      if (t.itemsize == 4) append_float(out, load<float>(at));
      else append_float(out, load<double>(at));
  }
}

void append_elements(std::string& out, const ArrayView& v, const char* at, std::size_t dim) {
  if (dim == v.shape.size()) return append_element(out, v.dtype, at);
  out += '[';
  for (std::ptrdiff_t i = 0; i < v.shape[dim]; ++i) {
    if (i) out += ", ";
    append_elements(out, v, at + i * v.strides[dim], dim + 1);
  }
  out += ']';
}

}  // namespace

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

void append_json(std::string& out, const Value& value) {
  if (const auto* i = std::get_if<std::int64_t>(&value)) out += std::to_string(*i);
  else if (const auto* d = std::get_if<double>(&value)) append_number(out, *d);
  else {
    const auto& array = std::get<ResultArray>(value);
    append_elements(out, array.view(), static_cast<const char*>(array.data()), 0);
  }
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

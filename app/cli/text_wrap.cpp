#include "cli/text_wrap.hpp"

#include <algorithm>
#include <utility>

namespace arrayfeed {
namespace {

// What a terminal shows: UTF-8 continuation bytes take no column.
std::size_t columns(std::string_view text) {
  return static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U; }));
}

// `text` holds no '\n'.
void wrap_paragraph(std::string_view text, std::size_t width, std::vector<std::string>& lines) {
  std::string line;
  for (std::size_t at = 0; at < text.size();) {
    const std::size_t end = std::min(text.find(' ', at), text.size());
    const std::string_view word = text.substr(at, end - at);
    at = end + 1;
    if (word.empty()) continue;
    if (!line.empty() && columns(line) + 1 + columns(word) > width) lines.push_back(std::exchange(line, {}));
    line += (line.empty() ? "" : " ") + std::string(word);
  }
  lines.push_back(line);
}

}  // namespace

std::vector<std::string> wrap_lines(std::string_view text, std::size_t width) {
  std::vector<std::string> lines;
  for (std::size_t at = 0;;) {
    const std::size_t end = text.find('\n', at);
    wrap_paragraph(text.substr(at, end == std::string_view::npos ? end : end - at), width, lines);
    if (end == std::string_view::npos) return lines;
    at = end + 1;
  }
}

std::string hanging_text(std::string_view left, std::string_view text, std::size_t column, std::size_t width) {
  std::string out(left);
  if (text.empty()) return out + "\n";
  const std::string indent(column, ' ');
  const std::size_t used = columns(left);
  out += used + 2 <= column ? std::string(column - used, ' ') : "\n" + indent;
  const std::vector<std::string> lines = wrap_lines(text, width - column);
  for (std::size_t i = 0; i < lines.size(); ++i) out += (i == 0 ? "" : indent) + lines[i] + "\n";
  return out;
}

}  // namespace arrayfeed

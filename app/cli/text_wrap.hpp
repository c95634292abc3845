#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace arrayfeed {

/// Breaks `text` at spaces into lines of at most `width` columns (a word
/// wider than that gets a line of its own); each '\n' in it starts a new line.
std::vector<std::string> wrap_lines(std::string_view text, std::size_t width);

/// Two columns, as in --help: `left`, then `text` wrapped between `column`
/// and `width` with a hanging indent. `text` starts beside `left` when two
/// spaces fit between them, else on the next line. Ends with '\n'.
std::string hanging_text(std::string_view left, std::string_view text, std::size_t column, std::size_t width);

}  // namespace arrayfeed

#pragma once

#include <string_view>

namespace arrayfeed {

/// True if `text` decodes as Python's strict UTF-8 decoder does: no overlong
/// forms, no surrogates, nothing above U+10FFFF. Text bound for a Python str
/// (params, names from plugins) is checked with this first, so a bad byte is
/// reported where it came from rather than as the script's UnicodeDecodeError.
bool is_utf8(std::string_view text);

}  // namespace arrayfeed

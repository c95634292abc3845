#pragma once

#include <string>
#include <string_view>

#include "core/kernel_result.hpp"

namespace arrayfeed {

/// Appends `s` as a JSON string literal.
void append_json(std::string& out, std::string_view s);
/// Appends a number, or an array as nested lists (complex numbers as [re, im]);
/// NaN and infinities become null, as JSON has no such numbers.
void append_json(std::string& out, const Value& value);
/// Appends `"name": value` pairs separated by commas, without braces.
void append_json_members(std::string& out, const NamedValues& values);

}  // namespace arrayfeed

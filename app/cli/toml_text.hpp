#pragma once

#include <string>

#include <toml++/toml.h>

namespace arrayfeed {

/// `node` written as a TOML value, the text form kernels and plugins get for a
/// config file's typed parameter: integers in decimal, floats as the shortest
/// text that reads back to the same double (always with a '.' or an exponent:
/// 1.0, 0.03, 1e+20; inf, -inf, nan), true/false, dates and times in RFC 3339,
/// arrays and tables inline ([1, "a"], {x = 1}) with strings in double quotes.
std::string toml_text(const toml::node& node);

/// The name of `node`'s TOML type ("string", "integer", "float", ...), for messages.
std::string toml_type_name(const toml::node& node);

}  // namespace arrayfeed

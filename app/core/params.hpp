#pragma once

#include <map>
#include <string>
#include <utility>

namespace arrayfeed {

/// One parameter for the script and kernel. Kernels and plugins read `text`;
/// the script gets `text` as a str, or, when `typed`, the Python object of the
/// TOML value `text` spells (a config file's number, boolean, date, array or
/// table: 400 reaches ctx.params as an int).
struct Param {
  Param(std::string text = {}, bool typed = false) : text(std::move(text)), typed(typed) {}
  Param(const char* text) : Param(std::string(text)) {}  // so Params{{"steps", "3"}} reads as text

  std::string text;
  bool typed = false;

  bool operator==(const Param&) const = default;
};

/// Parameters from the config's [params] table, then --set KEY=VALUE on top
/// (always text); the script or kernel converts them.
using Params = std::map<std::string, Param>;

}  // namespace arrayfeed

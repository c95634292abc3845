#pragma once

#include <map>
#include <string>

namespace arrayfeed {

/// Parameters for the script and kernel, from --set KEY=VALUE and the config's
/// [params] table; values stay text, the script or kernel converts them.
using Params = std::map<std::string, std::string>;

}  // namespace arrayfeed

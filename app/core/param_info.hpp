#pragma once

#include <optional>
#include <string>
#include <vector>

namespace arrayfeed {

/// What a parameter's text must spell for a kernel that declares it.
enum class ParamType { text, whole, number, boolean };

/// A parameter a kernel declares: listed by `arrayfeed kernels`, its value
/// checked against its type before init, its default given when not set.
struct ParamInfo {
  std::string name;
  ParamType type = ParamType::text;
  std::optional<std::string> default_value{};  ///< nullopt: none (the kernel may require it)
  std::string help{};                          ///< one line
};

using ParamInfos = std::vector<ParamInfo>;

}  // namespace arrayfeed

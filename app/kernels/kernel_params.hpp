#pragma once

#include <cstdint>
#include <string>

#include "core/params.hpp"

namespace arrayfeed {

/// The whole number --set NAME=VALUE gives, or `fallback` without one.
/// Throws BackendError naming the parameter if the text is not a whole number
/// (the fix shows `fallback` as the example).
std::int64_t whole_param(const Params& params, const std::string& name, std::int64_t fallback);

/// The number --set NAME=VALUE gives; throws BackendError naming the
/// parameter if it is missing or not a number (`example` shows the fix, e.g.
/// "--set lo=0 --set hi=1").
double number_param(const Params& params, const std::string& name, const std::string& example);

}  // namespace arrayfeed

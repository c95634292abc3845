#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/param_info.hpp"
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

/// Whether `text` is a value of `type` as the kernels read it: whole and
/// number as whole_param and number_param parse them, boolean "true" or "false".
bool spells(ParamType type, const std::string& text);

/// The type's name in `arrayfeed kernels` ("whole").
const char* type_name(ParamType type);

/// The type in a message ("a whole number").
const char* type_words(ParamType type);

}  // namespace arrayfeed

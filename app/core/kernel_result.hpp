#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "core/result_array.hpp"

namespace arrayfeed {

/// One value a kernel reports: integers stay integers in Python and JSON;
/// arrays reach Python without a copy.
using Value = std::variant<std::int64_t, double, ResultArray>;

/// A named value in a kernel's result or summary.
struct NamedValue {
  std::string name;
  Value value;
};

using NamedValues = std::vector<NamedValue>;

/// What a kernel returns for one input: nothing, one value, or named values.
using KernelResult = std::variant<std::monostate, Value, NamedValues>;

}  // namespace arrayfeed

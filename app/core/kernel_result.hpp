#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace arrayfeed {

/// One number a kernel reports: integers stay integers in Python and JSON.
using Scalar = std::variant<std::int64_t, double>;

/// A named number in a kernel's result or summary.
struct NamedValue {
  std::string name;
  Scalar value;
};

using NamedValues = std::vector<NamedValue>;

/// What a kernel returns for one input: nothing, one scalar, or named values.
using KernelResult = std::variant<std::monostate, Scalar, NamedValues>;

}  // namespace arrayfeed

#pragma once

#include <cstdint>
#include <string>

namespace arrayfeed {

class ScriptIterator;

/// Why one yielded item is refused, in the lines every refusal has.
struct YieldRefusal {
  std::string headline;  ///< what is wrong, e.g. "kernel 'stats' cannot read it in place"
  std::string expected;
  std::string got;
  std::string fix;
  bool convertible = false;  ///< --convert would copy it: the fix says so
};

/// Throws ScriptError: "yield #N at file:line: headline" and the expected,
/// got and fix lines.
[[noreturn]] void refuse_yield(std::uint64_t yield_number, const ScriptIterator& source,
                               const YieldRefusal& refusal);

}  // namespace arrayfeed

#pragma once

#include <cstddef>
#include <string_view>

namespace arrayfeed {

/// The fewest single-character insertions, deletions and substitutions that
/// turn `a` into `b` (Levenshtein), for "did you mean" suggestions.
std::size_t edit_distance(std::string_view a, std::string_view b);

}  // namespace arrayfeed

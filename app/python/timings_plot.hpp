#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace arrayfeed {

/// `arrayfeed plot`: draws the --timings file `timings` into the PNG `out`
/// (default: `timings` with .png) and returns the line to show ("wrote
/// run.png: 1,000 arrays over 2.5 s"). Throws UsageError for what the user
/// can fix (a file that is no timings table, an --out that cannot be
/// written, matplotlib missing). Needs a live interpreter.
std::string plot_timings(const std::filesystem::path& timings, const std::optional<std::filesystem::path>& out);

}  // namespace arrayfeed

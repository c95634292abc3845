#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include <spdlog/common.h>

namespace arrayfeed {

/// How arrayfeed's own lines on stderr look: "[time ]level[ [rank N]]: text",
/// the level word coloured when wanted (--color, NO_COLOR), the local time
/// to the millisecond with --log-format time (runs under a scheduler).
struct LogStyle {
  bool colour = false;
  bool timestamps = false;
  std::optional<int> rank;  ///< under a launcher every rank logs to the same terminal

  /// One whole line, ending in a newline.
  std::string line(spdlog::level::level_enum level, std::string_view text,
                   std::chrono::system_clock::time_point when) const;
};

/// --color's answer: "always", "never", or "auto": when stderr is a terminal
/// (TERM not "dumb") and NO_COLOR is unset or empty (no-color.org).
bool colour_wanted(const std::string& when);

}  // namespace arrayfeed

#pragma once

#include <chrono>
#include <string>

namespace arrayfeed {

/// ISO 8601 in UTC with milliseconds, e.g. "2026-12-06T17:31:53.123Z".
std::string utc_time_text(std::chrono::system_clock::time_point when);

}  // namespace arrayfeed

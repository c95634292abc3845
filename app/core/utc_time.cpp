#include "core/utc_time.hpp"

#include <spdlog/fmt/fmt.h>

namespace arrayfeed {

std::string utc_time_text(std::chrono::system_clock::time_point when) {
  using namespace std::chrono;
  // Floored, not truncated: a time before 1970 keeps a millisecond count of 0 to 999.
  const auto ms = floor<milliseconds>(when.time_since_epoch());
  const sys_days day = floor<days>(sys_time<milliseconds>(ms));
  const year_month_day date(day);
  const hh_mm_ss<milliseconds> time(ms - day.time_since_epoch());
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", static_cast<int>(date.year()),
                     static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()), time.hours().count(),
                     time.minutes().count(), time.seconds().count(), time.subseconds().count());
}

}  // namespace arrayfeed

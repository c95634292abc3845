#include "cli/log_style.hpp"

#include <unistd.h>

#include <cstdlib>
#include <ctime>

#include <spdlog/fmt/fmt.h>

namespace arrayfeed {
namespace {

// SGR codes: the level word alone is coloured, so a line stays readable in any theme.
std::string_view colour_of(spdlog::level::level_enum level) {
  switch (level) {
    case spdlog::level::trace:
    case spdlog::level::debug: return "\033[36m";          // cyan
    case spdlog::level::info: return "\033[32m";           // green
    case spdlog::level::warn: return "\033[33m\033[1m";    // bold yellow
    case spdlog::level::err: return "\033[31m\033[1m";     // bold red
    case spdlog::level::critical: return "\033[1m\033[41m";  // bold on red
    default: return "";
  }
}

// "2026-12-06 17:31:53.123 ": local time, as a scheduler's own log shows it.
std::string time_text(std::chrono::system_clock::time_point when) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(when);
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(when.time_since_epoch()).count() % 1000;
  std::tm local{};
  localtime_r(&seconds, &local);
  char text[32];
  const std::size_t n = std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S", &local);
  return fmt::format("{}.{:03} ", std::string_view(text, n), ms);
}

bool set_and_not_empty(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0';
}

}  // namespace

std::string LogStyle::line(spdlog::level::level_enum level, std::string_view text,
                           std::chrono::system_clock::time_point when) const {
  const spdlog::string_view_t word = spdlog::level::to_string_view(level);
  std::string out = timestamps ? time_text(when) : std::string();
  if (colour)
    out += fmt::format("{}{}\033[0m", colour_of(level), std::string_view(word.data(), word.size()));
  else
    out.append(word.data(), word.size());
  if (rank) out += fmt::format(" [rank {}]", *rank);
  out += ": ";
  out += text;
  out += '\n';
  return out;
}

bool colour_wanted(const std::string& when) {
  if (when != "auto") return when == "always";
  const char* term = std::getenv("TERM");
  return isatty(STDERR_FILENO) != 0 && !set_and_not_empty("NO_COLOR") &&
         !(term != nullptr && std::string_view(term) == "dumb");
}

}  // namespace arrayfeed

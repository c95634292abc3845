#include "run/progress.hpp"

#include <spdlog/fmt/fmt.h>
#include <spdlog/spdlog.h>

namespace arrayfeed {
namespace {

constexpr std::int64_t kLiveEveryNs = 200'000'000;  // 5 redraws a second
constexpr std::int64_t kLogEveryNs = 5'000'000'000;

std::string rate_text(double bytes_per_second) {
  if (bytes_per_second >= 1e9) return fmt::format("{:.1f} GB/s", bytes_per_second * 1e-9);
  if (bytes_per_second >= 1e6) return fmt::format("{:.1f} MB/s", bytes_per_second * 1e-6);
  return fmt::format("{:.1f} KB/s", bytes_per_second * 1e-3);
}

}  // namespace

std::string clock_text(double seconds) {
  const auto whole = static_cast<std::int64_t>(seconds);
  if (whole >= 3600) return fmt::format("{}:{:02}:{:02}", whole / 3600, whole / 60 % 60, whole % 60);
  return fmt::format("{}:{:04.1f}", whole / 60, seconds - static_cast<double>(whole / 60 * 60));
}

std::string progress_text(std::uint64_t arrays, std::uint64_t bytes, std::int64_t elapsed_ns,
                          std::optional<std::uint64_t> total) {
  const double seconds = static_cast<double>(elapsed_ns) * 1e-9;
  const double per_second = seconds > 0 ? static_cast<double>(arrays) / seconds : 0.0;
  std::string text = total ? fmt::format("{} of {} arrays", arrays, *total) : fmt::format("{} arrays", arrays);
  text += fmt::format(", {:.1f} arrays/s, {}, elapsed {}", per_second,
                      rate_text(seconds > 0 ? static_cast<double>(bytes) / seconds : 0.0), clock_text(seconds));
  if (total && per_second > 0 && *total >= arrays)
    text += ", ETA " + clock_text(static_cast<double>(*total - arrays) / per_second);
  return text;
}

Progress::Progress(ProgressMode mode, LiveLine& terminal) : m_mode(mode), m_terminal(terminal) { start(); }

void Progress::start() {
  m_started_ns = coarse_now_ns();
  m_next_ns = m_started_ns + (m_mode == ProgressMode::log ? kLogEveryNs : kLiveEveryNs);
}

void Progress::draw(const RunSummary& summary) {
  const std::int64_t now = coarse_now_ns();
  const std::string text = progress_text(summary.arrays, summary.bytes_handed_over, now - m_started_ns, m_total);
  if (m_mode == ProgressMode::live) {
    m_terminal.draw(text);
    m_next_ns = now + kLiveEveryNs;
  } else {
    spdlog::info("progress: {}", text);
    m_next_ns = now + kLogEveryNs;
  }
}

void Progress::finish() {
  if (m_mode == ProgressMode::live) m_terminal.end();
}

}  // namespace arrayfeed

#include "core/set_up_step.hpp"

#include <mutex>

#include <spdlog/fmt/fmt.h>
#include <spdlog/spdlog.h>

namespace arrayfeed {
namespace {

// Written by the main thread, read by the spinner's.
std::mutex g_mutex;
std::string g_under_way;

void set_under_way(const std::string& doing) {
  const std::lock_guard lock(g_mutex);
  g_under_way = doing;
}

}  // namespace

SetUpStep::SetUpStep(std::string doing)
    : m_doing(std::move(doing)), m_outer(under_way()), m_started(RunClock::now()) {
  spdlog::debug("{}", m_doing);
  set_under_way(m_doing);
}

SetUpStep::~SetUpStep() { set_under_way(m_outer); }

void SetUpStep::done(const std::string& what) const {
  spdlog::info("{} in {}", what, seconds_text(ns_between(m_started, RunClock::now())));
}

std::string SetUpStep::under_way() {
  const std::lock_guard lock(g_mutex);
  return g_under_way;
}

std::string seconds_text(std::int64_t ns) {
  const double seconds = static_cast<double>(ns) * 1e-9;
  if (seconds >= 10) return fmt::format("{:.1f} s", seconds);
  if (seconds >= 0.1) return fmt::format("{:.2f} s", seconds);
  // Below: "3.1 ms" or "40 us" say more than "0.00 s".
  return seconds >= 1e-3 ? fmt::format("{:.1f} ms", seconds * 1e3) : fmt::format("{:.0f} us", seconds * 1e6);
}

}  // namespace arrayfeed

#include "run/set_up_spinner.hpp"

#include <chrono>

#include <spdlog/spdlog.h>

#include "core/set_up_step.hpp"
#include "run/progress.hpp"

namespace arrayfeed {
namespace {

using namespace std::chrono_literals;

constexpr auto kTurn = 100ms;
constexpr unsigned kFirstDraw = 3;    // turns: a set-up quicker than this never flashes a line
constexpr unsigned kLogEvery = 50;    // turns: 5 s, as the progress log lines
constexpr char kSpinner[] = "|/-\\";

}  // namespace

SetUpSpinner::SetUpSpinner(ProgressMode mode, LiveLine& line) : m_mode(mode), m_line(line) {
  if (m_mode != ProgressMode::off) m_thread = std::thread([this] { spin(); });
}

SetUpSpinner::~SetUpSpinner() { stop(); }

void SetUpSpinner::stop() {
  if (!m_thread.joinable()) return;
  {
    const std::lock_guard lock(m_mutex);
    m_stopping = true;
  }
  m_wake.notify_one();
  m_thread.join();
  if (m_mode == ProgressMode::live) m_line.end();
}

void SetUpSpinner::spin() {
  const auto started = std::chrono::steady_clock::now();
  std::unique_lock lock(m_mutex);
  for (unsigned turn = 1; !m_wake.wait_for(lock, kTurn, [this] { return m_stopping; }); ++turn)
    show(turn, std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
}

void SetUpSpinner::show(unsigned turn, double seconds) {
  if (turn < kFirstDraw) return;
  // Between steps (waiting for the other ranks, say) the line must not go on naming the last one.
  const std::string under_way = SetUpStep::under_way();
  const std::string step = under_way.empty() ? "setting up" : under_way;
  if (m_mode == ProgressMode::live)
    m_line.draw(std::string(1, kSpinner[turn % 4]) + " " + step + ", " + clock_text(seconds));
  else if (turn % kLogEvery == 0)
    spdlog::info("still {} (set-up: {} so far)", step, clock_text(seconds));
}

}  // namespace arrayfeed

#include "core/live_line.hpp"

#include <unistd.h>

#include <cerrno>

namespace arrayfeed {
namespace {

constexpr std::string_view kEraseLine = "\r\033[K";  // back to the line's start, erase to its end

void write_stderr(std::string_view text) {
  while (!text.empty()) {
    const ssize_t n = ::write(STDERR_FILENO, text.data(), text.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // a closed or full stderr loses the text, as std::cerr would
    text.remove_prefix(static_cast<std::size_t>(n));
  }
}

}  // namespace

LiveLine& LiveLine::on_stderr() {
  static LiveLine line(write_stderr);
  return line;
}

void LiveLine::draw(std::string_view text) {
  const std::lock_guard lock(m_mutex);
  m_text = text;
  m_write(std::string(kEraseLine) + m_text);
  m_drawn = true;
}

void LiveLine::write_above(std::string_view text) {
  const std::lock_guard lock(m_mutex);
  if (!m_drawn) return m_write(text);
  // One write: a terminal shows no blank line between the erase and the redraw.
  m_write(std::string(kEraseLine) + std::string(text) + m_text);
}

void LiveLine::erase() {
  const std::lock_guard lock(m_mutex);
  erase_locked();
}

void LiveLine::end() {
  const std::lock_guard lock(m_mutex);
  erase_locked();
  m_text.clear();
}

void LiveLine::erase_locked() {
  if (m_drawn) m_write(kEraseLine);
  m_drawn = false;
}

}  // namespace arrayfeed

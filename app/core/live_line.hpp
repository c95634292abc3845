#pragma once

#include <functional>
#include <mutex>
#include <string>
#include <string_view>

namespace arrayfeed {

/// The one line at the bottom of a terminal that is redrawn in place (the
/// progress line, the spinner during set-up), and the text written above it:
/// a log record erases the line, is written, and the line comes back under
/// it, so the two never share a line. Thread-safe: the script's threads log
/// and print while the run loop draws.
class LiveLine {
 public:
  using Write = std::function<void(std::string_view)>;
  explicit LiveLine(Write write) : m_write(std::move(write)) {}

  /// The process's, on stderr.
  static LiveLine& on_stderr();

  /// Makes `text` the live line.
  void draw(std::string_view text);
  /// Writes `text` (whole lines) above the live line.
  void write_above(std::string_view text);
  /// Erases the live line until the next draw(): something else (a print,
  /// a pdb prompt) is about to write where it is.
  void erase();
  /// Erases it for good: what follows (the summary) starts on a clean line.
  void end();

 private:
  void erase_locked();

  std::mutex m_mutex;
  Write m_write;
  std::string m_text;
  bool m_drawn = false;
};

}  // namespace arrayfeed

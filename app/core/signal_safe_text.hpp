#pragma once

#include <array>
#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include <unistd.h>

namespace arrayfeed {

/// A message built inside a signal handler: no allocation, no locale, no
/// stdio; only write(2) at the end. What does not fit the buffer is cut.
class SignalSafeText {
 public:
  SignalSafeText& add(std::string_view text) noexcept {
    for (const char c : text) {
      if (m_size == m_text.size()) break;
      m_text[m_size++] = c;
    }
    return *this;
  }

  SignalSafeText& add_number(std::uint64_t number) noexcept {
    char digits[20];
    std::size_t n = 0;
    do {
      digits[n++] = static_cast<char>('0' + number % 10);
      number /= 10;
    } while (number != 0);
    while (n > 0) add(std::string_view(&digits[--n], 1));
    return *this;
  }

  std::string_view view() const noexcept { return {m_text.data(), m_size}; }

  /// Writes it all to `fd`, retrying short writes; errors are ignored (there
  /// is nobody left to tell).
  void write_to(int fd) const noexcept {
    for (std::size_t done = 0; done < m_size;) {
      const ssize_t written = ::write(fd, m_text.data() + done, m_size - done);
      if (written < 0 && errno == EINTR) continue;
      if (written <= 0) return;
      done += static_cast<std::size_t>(written);
    }
  }

 private:
  std::array<char, 4096> m_text;
  std::size_t m_size = 0;
};

}  // namespace arrayfeed

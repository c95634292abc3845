#include "core/utf8.hpp"

namespace arrayfeed {

// RFC 3629's table: after the lead byte, the first continuation byte has a
// narrower range where it would otherwise allow an overlong form (E0, F0), a
// surrogate (ED) or a code point above U+10FFFF (F4); the rest are 80..BF.
bool is_utf8(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i++]);
    if (lead < 0x80) continue;
    int follow = 0;
    unsigned char low = 0x80, high = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) follow = 1;
    else if (lead >= 0xE0 && lead <= 0xEF) follow = 2;
    else if (lead >= 0xF0 && lead <= 0xF4) follow = 3;
    else return false;
    if (lead == 0xE0) low = 0xA0;
    if (lead == 0xED) high = 0x9F;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;
    if (i + static_cast<std::size_t>(follow) > text.size()) return false;
    for (int k = 0; k < follow; ++k, low = 0x80, high = 0xBF) {
      const auto next = static_cast<unsigned char>(text[i++]);
      if (next < low || next > high) return false;
    }
  }
  return true;
}

}  // namespace arrayfeed

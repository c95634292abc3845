#include <doctest/doctest.h>

#include "core/utf8.hpp"

using arrayfeed::is_utf8;

TEST_CASE("UTF-8 text of every length of sequence is accepted") {
  CHECK(is_utf8(""));
  CHECK(is_utf8("plain"));
  CHECK(is_utf8("caf\xc3\xa9 \xe2\x88\x91 \xf0\x9f\x98\x80"));  // é ∑ 😀
  CHECK(is_utf8("\xed\x9f\xbf \xee\x80\x80 \xf4\x8f\xbf\xbf"));  // U+D7FF, U+E000, U+10FFFF
}

TEST_CASE("what Python's strict decoder refuses is refused") {
  CHECK_FALSE(is_utf8("caf\xe9"));             // Latin-1
  CHECK_FALSE(is_utf8("\xc3"));                // cut short
  CHECK_FALSE(is_utf8("\xc0\x80"));            // overlong NUL
  CHECK_FALSE(is_utf8("\xe0\x80\xaf"));        // overlong '/'
  CHECK_FALSE(is_utf8("\xed\xa0\x80"));        // a surrogate, U+D800
  CHECK_FALSE(is_utf8("\xf4\x90\x80\x80"));    // above U+10FFFF
  CHECK_FALSE(is_utf8("\xbf"));                // a lone continuation byte
}

#include <doctest/doctest.h>

#include <cstdint>
#include <string>

#include "core/signal_safe_text.hpp"

using namespace arrayfeed;

TEST_CASE("signal-safe text: words and numbers, cut where the buffer ends") {
  SignalSafeText text;
  text.add("array #").add_number(0).add(", #").add_number(UINT64_MAX);
  CHECK(text.view() == "array #0, #18446744073709551615");

  SignalSafeText full;
  for (int i = 0; i < 1000; ++i) full.add("abcdefghij");
  CHECK(full.view().size() == 4096);
  CHECK(full.view().substr(4090) == "abcdef");
}

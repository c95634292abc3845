#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "core/live_line.hpp"

using namespace arrayfeed;

namespace {

// What a LiveLine wrote, one entry per write: each is one write(2) on a terminal.
struct Writes {
  std::vector<std::string> all;
  LiveLine line{[this](std::string_view text) { all.emplace_back(text); }};
};

}  // namespace

TEST_CASE("text above the live line erases it, and the line comes back under the text in the same write") {
  Writes w;
  w.line.draw("3 arrays");
  w.line.write_above("info: step 3\n");
  REQUIRE(w.all.size() == 2);
  CHECK(w.all[0] == "\r\033[K3 arrays");
  CHECK(w.all[1] == "\r\033[Kinfo: step 3\n3 arrays");
}

TEST_CASE("without a live line, text goes out as it is") {
  Writes w;
  w.line.write_above("info: hello\n");
  CHECK(w.all == std::vector<std::string>{"info: hello\n"});
}

TEST_CASE("erase leaves the line off until the next draw; text meanwhile is not followed by it") {
  Writes w;
  w.line.draw("spinner");
  w.line.erase();
  w.line.erase();  // once erased, nothing more to erase
  w.line.write_above("printed\n");
  CHECK(w.all == std::vector<std::string>{"\r\033[Kspinner", "\r\033[K", "printed\n"});
  w.line.draw("5 arrays");
  CHECK(w.all.back() == "\r\033[K5 arrays");
}

TEST_CASE("end erases the line for good: the summary after it starts on a clean line") {
  Writes w;
  w.line.draw("9 arrays");
  w.line.end();
  w.line.write_above("summary\n");
  CHECK(w.all == std::vector<std::string>{"\r\033[K9 arrays", "\r\033[K", "summary\n"});
  w.line.end();  // nothing drawn: nothing written
  CHECK(w.all.size() == 3);
}

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "cli/text_wrap.hpp"

using namespace arrayfeed;

TEST_CASE("wrap_lines breaks at spaces within the width") {
  using Lines = std::vector<std::string>;
  CHECK(wrap_lines("one two three four", 9) == Lines{"one two", "three", "four"});
  CHECK(wrap_lines("one two", 7) == Lines{"one two"});  // exactly the width fits
  CHECK(wrap_lines("a  b", 10) == Lines{"a b"});
  CHECK(wrap_lines("", 10) == Lines{""});
}

TEST_CASE("wrap_lines gives a word wider than the width a line of its own") {
  CHECK(wrap_lines("a {trace,debug,info} b", 6) == std::vector<std::string>{"a", "{trace,debug,info}", "b"});
}

TEST_CASE("wrap_lines keeps the text's own line breaks") {
  CHECK(wrap_lines("one two\nthree", 20) == std::vector<std::string>{"one two", "three"});
}

TEST_CASE("wrap_lines counts a UTF-8 character as one column") {
  CHECK(wrap_lines("colour \xc3\xa9t\xc3\xa9", 11) == std::vector<std::string>{"colour \xc3\xa9t\xc3\xa9"});
}

TEST_CASE("hanging_text puts the text beside a short left column, indented after") {
  CHECK(hanging_text("  -q", "no progress and no summary", 8, 20) ==
        "  -q    no progress\n"
        "        and no\n"
        "        summary\n");
}

TEST_CASE("hanging_text starts the text on the next line after a wide left column") {
  CHECK(hanging_text("  --max-arrays N", "stop", 8, 20) == "  --max-arrays N\n        stop\n");
  CHECK(hanging_text("  --max", "stop", 8, 20) == "  --max\n        stop\n");  // two spaces must fit
  CHECK(hanging_text("  --convert", "", 8, 20) == "  --convert\n");
}

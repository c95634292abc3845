#include <doctest/doctest.h>

#include <cstring>
#include <vector>

#include "arrayfeed/arrayfeed.h"
#include "kernels/plugin_inputs.hpp"
#include "kernels/plugin_structs.hpp"

using namespace arrayfeed;

namespace {

/// An afeed_input as a plugin of a later minor might lay it out: 16 more bytes at the end.
struct LongerInput {
  afeed_input input;
  unsigned char appended[16];
};

afeed_input input_named(const char* name) {
  afeed_input input{};
  input.struct_size = sizeof(afeed_input);
  input.name = name;
  input.max_ndim = 2;
  return input;
}

}  // namespace

TEST_CASE("plugin structs are read through their struct_size: shorter ones zero-filled") {
  afeed_input full = input_named("x");
  full.note = "kept only if covered";
  full.struct_size = offsetof(afeed_input, note);
  const afeed_input read = read_struct<afeed_input>(&full);
  CHECK(read.name == full.name);
  CHECK(read.max_ndim == 2);
  CHECK(read.note == nullptr);
}

TEST_CASE("an array of plugin structs is stepped by its first element's struct_size") {
  LongerInput longer[2]{};
  longer[0].input = input_named("a");
  longer[1].input = input_named("b");
  for (LongerInput& l : longer) l.input.struct_size = sizeof(LongerInput);
  const std::vector<afeed_input> read = read_structs(&longer[0].input, 2);
  REQUIRE(read.size() == 2);
  CHECK(std::strcmp(read[1].name, "b") == 0);
  CHECK(translate_inputs(read)[1].name == "b");
}

TEST_CASE("init may narrow an input but not widen it") {
  const int32_t both[] = {AFEED_FLOAT32, AFEED_FLOAT64};
  afeed_input declared = input_named("x");
  declared.dtypes = both;
  declared.n_dtypes = 2;
  afeed_input narrowed = declared;
  narrowed.n_dtypes = 1;
  narrowed.last_dim = 4;
  narrowed.min_alignment = 32;
  CHECK_NOTHROW(check_narrowing({declared}, {narrowed}));
  narrowed.n_dtypes = 0;  // any dtype: wider than two
  CHECK_THROWS_WITH(check_narrowing({declared}, {narrowed}),
                    doctest::Contains("init widened inputs[0] 'x': dtypes"));
}

#include <doctest/doctest.h>

#include <set>
#include <string>
#include <vector>

#include "core/edit_distance.hpp"
#include "core/errors.hpp"
#include "job/declared_params.hpp"
#include "job/unknown_params.hpp"
#include "kernels/kernel_params.hpp"

using namespace arrayfeed;

namespace {

const ParamInfos kDeclared{
    {.name = "bins", .type = ParamType::whole, .default_value = "10", .help = "bins"},
    {.name = "lo", .type = ParamType::number},
    {.name = "fast", .type = ParamType::boolean, .default_value = "false"},
    {.name = "label", .type = ParamType::text},
};

std::string refusal(const Params& given) {
  try {
    with_declared(given, kDeclared, "histogram");
  } catch (const UsageError& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace

TEST_CASE("spells: each type's texts as the kernels parse them") {
  CHECK(spells(ParamType::whole, "-12"));
  CHECK_FALSE(spells(ParamType::whole, "2.5"));
  CHECK_FALSE(spells(ParamType::whole, "12 "));
  CHECK_FALSE(spells(ParamType::whole, "99999999999999999999"));
  CHECK(spells(ParamType::number, "1e-3"));
  CHECK(spells(ParamType::number, "-7"));
  CHECK_FALSE(spells(ParamType::number, "zero"));
  CHECK_FALSE(spells(ParamType::number, ""));
  CHECK(spells(ParamType::boolean, "true"));
  CHECK(spells(ParamType::boolean, "false"));
  CHECK_FALSE(spells(ParamType::boolean, "yes"));
  CHECK_FALSE(spells(ParamType::boolean, "True"));
  CHECK(spells(ParamType::text, ""));
}

TEST_CASE("with_declared: a default fills only a parameter not set") {
  const Params params = with_declared({{"lo", "0.5"}, {"other", "x"}}, kDeclared, "histogram");
  CHECK(params == Params{{"bins", "10"}, {"lo", "0.5"}, {"fast", "false"}, {"other", "x"}});
  CHECK(with_declared({{"bins", "3"}}, kDeclared, "histogram").at("bins").text == "3");
}

TEST_CASE("with_declared: a value of the wrong type is a UsageError with the fix") {
  CHECK(refusal({{"bins", "2.5"}}) ==
        "parameter 'bins' of kernel 'histogram' must be a whole number, got '2.5': e.g. --set bins=10");
  CHECK(refusal({{"lo", "low"}}) ==
        "parameter 'lo' of kernel 'histogram' must be a number, got 'low': e.g. --set lo=0.5");
  CHECK(refusal({{"fast", "1"}}) ==
        "parameter 'fast' of kernel 'histogram' must be true or false, got '1': e.g. --set fast=false");
  CHECK(refusal({{"label", "anything at all"}, {"undeclared", "2.5"}}) == "(no error)");
  CHECK(refusal({{"bins", Param("2.0", true)}}).starts_with("parameter 'bins' of kernel 'histogram'"));
}

TEST_CASE("edit_distance") {
  CHECK(edit_distance("bins", "bins") == 0);
  CHECK(edit_distance("bnis", "bins") == 2);
  CHECK(edit_distance("", "abc") == 3);
  CHECK(edit_distance("kitten", "sitting") == 3);
}

TEST_CASE("unknown_params: a key neither declared nor read, with a near name suggested") {
  const Params given{{"bins", "3"}, {"bnis", "3"}, {"colour", "red"}, {"step", "1"}, {"seed", "4"}};
  const std::vector<std::string> warnings = unknown_params(given, kDeclared, {"steps", "seed"}, "histogram");
  const std::string tail = "' was set but kernel 'histogram' does not declare it and the script did not read it";
  CHECK(warnings == std::vector<std::string>{
                        "parameter 'bnis" + tail + "; did you mean 'bins'?",
                        "parameter 'colour" + tail,
                        "parameter 'step" + tail + "; did you mean 'steps'?",
                    });
}

TEST_CASE("unknown_params: nothing when every key is declared or read") {
  CHECK(unknown_params({{"bins", "3"}, {"lo", "0"}, {"x", "1"}}, kDeclared, {"x"}, "histogram").empty());
  CHECK(unknown_params({}, {}, {}, "nop").empty());
}

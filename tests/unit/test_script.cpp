#include <doctest/doctest.h>

#include <string>

#include "core/errors.hpp"
#include "python/script.hpp"
#include "python_test_support.hpp"

using namespace arrayfeed;
using namespace python_test;

namespace {

const char* const kScript = "entries.py";

Script entries(const std::string& entry) { return Script::from_file(fixture_path(kScript), entry); }

std::string script_error(const std::string& script, const std::string& entry) {
  return thrown<ScriptError>([&] { Script::from_file(fixture_path(script), entry); }).what();
}

}  // namespace

TEST_CASE("a missing entry is a ScriptError listing the functions the script defines") {
  CHECK(script_error(kScript, "produce") ==
        fixture_path(kScript).string() +
            " has no function 'produce' (functions it defines: data_sets, generate, without_ctx); "
            "define it or choose one with --entry NAME");
  CHECK(script_error(kScript, "not_callable") ==
        fixture_path(kScript).string() + ": 'not_callable' is a int, not a function");
  CHECK_THROWS_WITH_AS(Script::default_job("produce"),
                       doctest::Contains("embedded_scripts/default_job.py has no function 'produce'"), ScriptError);
}

TEST_CASE("a script whose import fails is a ScriptError with the traceback; a missing file a UsageError") {
  const std::string error = script_error("fails_on_import.py", "generate");
  const std::string at = line_of("fails_on_import.py", "# the failing import");
  CHECK_CONTAINS(error, "importing " + fixture_path("fails_on_import.py").string() +
                            " failed:\nTraceback (most recent call last):\n");
  CHECK_CONTAINS(error, "  File \"" + fixture_path("fails_on_import.py").string() + "\", line " +
                            at.substr(at.rfind(':') + 1) + ", in <module>\n");
  CHECK_CONTAINS(error, "\nImportError: needs a GPU");
  CHECK_FALSE(contains(error, "<frozen"));  // importlib's own frames are left out

  CHECK_THROWS_WITH_AS(Script::from_file(fixture_path("no_such_script.py"), "generate"),
                       doctest::Contains("not found (or not a file)"), UsageError);
}

TEST_CASE("describe_entry says how the entry is called and whether results go back") {
  CHECK(entries("generate").describe_entry() == "generate(ctx), a generator: each result is sent back into it");
  CHECK(entries("without_ctx").describe_entry() ==
        "without_ctx(), a function: it must return an iterable; results are not sent back");
}

TEST_CASE("the script's own data_sets(params) names data sets; typed params reach it as values") {
  const std::vector<DataSpec> specs = entries("generate").data_sets({{"size", Param("3", true)}});
  REQUIRE(specs.size() == 2);
  CHECK(specs[0].name == "table");
  CHECK(specs[0].path == "table_3.npy");
  CHECK(specs[1].name == "raw");
  CHECK(specs[1].path == "raw\xff.npy");  // bytes as given: a path need not be UTF-8
}

TEST_CASE("a data_sets() that fails or returns no dict is a ScriptError naming it") {
  const Script script = entries("generate");
  const std::string context = "data_sets() in " + fixture_path(kScript).string() + " failed:\n";
  const std::string failed = thrown<ScriptError>([&] { script.data_sets({{"data", "fail"}}); }).what();
  CHECK_CONTAINS(failed, context + "Traceback (most recent call last):\n");
  CHECK_CONTAINS(failed, "\nOSError: cannot make the table");
  const std::string list = thrown<ScriptError>([&] { script.data_sets({{"data", "list"}}); }).what();
  CHECK_CONTAINS(list, context);
  CHECK_CONTAINS(list, "\nTypeError: data_sets() must return a dict of name -> path, not list");
}

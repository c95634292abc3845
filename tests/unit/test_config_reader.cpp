#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "cli/config_reader.hpp"
#include "core/errors.hpp"

using namespace arrayfeed;

namespace {

const std::vector<ConfigKey> kKeys{
    {"script", ValueKind::file},        {"kernel", ValueKind::text},    {"data", ValueKind::named_file, true},
    {"output", ValueKind::new_file},    {"max-arrays", ValueKind::count}, {"convert", ValueKind::flag},
};

ConfigFile read(const std::string& text, const std::string& file = "cfg/job.toml") {
  return read_config(text, file, "run", kKeys);
}

Params params_of(const std::string& table) { return read("[params]\n" + table).params; }

// The message read() throws for `text`.
std::string refusal(const std::string& text) {
  try {
    read(text);
  } catch (const UsageError& e) {
    return e.what();
  }
  return "(accepted)";
}

}  // namespace

TEST_CASE("[params] values are read as TOML means them, not as CLI11's reader misread them") {
  const Params p = params_of("hash = \"a#b\" # a comment\n"
                             "lines = [\n  1,\n  2,\n]\n"
                             "tab = \"a\\tb\"\n"
                             "accent = \"caf\\u00e9\"\n"
                             "literal = 'C:\\dir'\n"
                             "multi = \"\"\"\none\ntwo\"\"\"\n");
  CHECK(p.at("hash") == Param("a#b"));
  CHECK(p.at("lines") == Param("[1, 2]", true));
  CHECK(p.at("tab") == Param("a\tb"));
  CHECK(p.at("accent") == Param("caf\xc3\xa9"));
  CHECK(p.at("literal") == Param("C:\\dir"));
  CHECK(p.at("multi") == Param("one\ntwo"));
}

TEST_CASE("typed parameters keep a TOML text form for kernels") {
  const Params p = params_of("i = 0x1F\nneg = -7\nf = 1.0\ng = 0.03\nbig = 1e20\ntiny = 5e-324\n"
                             "pinf = inf\nninf = -inf\nnan = nan\nyes = true\n"
                             "day = 1979-05-27\nclock = 07:32:00.5\nlocal = 1979-05-27T07:32:00\n"
                             "stamp = 1979-05-27T07:32:00-08:00\n"
                             "mixed = [1, \"a \\\"q\\\" \\u0001\", [true]]\n"
                             "table = {x = 1, \"y z\" = \"w\"}\n"
                             "[params.nested]\nk = 2\n");
  CHECK(p.at("i") == Param("31", true));
  CHECK(p.at("neg") == Param("-7", true));
  CHECK(p.at("f") == Param("1.0", true));
  CHECK(p.at("g") == Param("0.03", true));
  CHECK(p.at("big") == Param("1e+20", true));
  CHECK(p.at("tiny") == Param("5e-324", true));
  CHECK(p.at("pinf") == Param("inf", true));
  CHECK(p.at("ninf") == Param("-inf", true));
  CHECK(p.at("nan") == Param("nan", true));
  CHECK(p.at("yes") == Param("true", true));
  CHECK(p.at("day") == Param("1979-05-27", true));
  CHECK(p.at("clock").text.starts_with("07:32:00.5"));
  CHECK(p.at("local") == Param("1979-05-27T07:32:00", true));
  CHECK(p.at("stamp") == Param("1979-05-27T07:32:00-08:00", true));
  CHECK(p.at("mixed") == Param("[1, \"a \\\"q\\\" \\u0001\", [true]]", true));
  CHECK(p.at("table") == Param("{x = 1, \"y z\" = \"w\"}", true));
  CHECK(p.at("nested") == Param("{k = 2}", true));
}

TEST_CASE("invalid TOML is refused with file:line:column and what is wrong") {
  const std::pair<const char*, const char*> cases[] = {
      {"kernel = stats\n", "cfg/job.toml:1:10: "},                        // a string without quotes
      {"[params]\na = 1\na = 2\n", "cfg/job.toml:3:"},                   // a key given twice
      {"[params]\na =\n", "cfg/job.toml:2:4: "},                         // no value
      {"[params]\na = \"open\n", "cfg/job.toml:2:"},                     // an unterminated string
      {"[params]\na = 1\n[params]\nb = 2\n", "cfg/job.toml:3:1: "},      // a table given twice
      {"[params]\na = \"caf\xe9\"\n", "cfg/job.toml:2:"},                // not UTF-8
      {"[params]\na = 0100\n", "cfg/job.toml:2:"},                       // a leading zero
  };
  for (const auto& [text, place] : cases) {
    CAPTURE(std::string(text));
    const std::string message = refusal(text);
    CHECK(message.starts_with(place));
    CHECK(message.size() > std::string(place).size() + 10);  // says what is wrong
  }
  CHECK(refusal("kernel = stats\n").ends_with("(text needs quotes: key = \"text\")"));
  CHECK(refusal("kernel = nop\n").ends_with("(text needs quotes: key = \"text\")"));
  CHECK(refusal("[params]\na = \"open\n").ends_with("(the string is not closed on its line: add the closing quote)"));
  CHECK(refusal("[params]\na = \"x\"\na = \"y\"\n").find("'a'") != std::string::npos);
}

TEST_CASE("options: the value as the command line spells it, relative paths from the file's folder") {
  const ConfigFile c = read("script = \"gen.py\"\nkernel = \"a#b\"\nmax-arrays = 0\nconvert = false\n"
                            "output = \"/abs/out.jsonl\"\ndata = [\"X=x.npy\", \"Y=/abs/y.npy\", \"bad\"]\n");
  REQUIRE(c.settings.size() == 6);
  const auto setting = [&](const std::string& name) {
    for (const ConfigSetting& s : c.settings)
      if (s.key->name == name) return s;
    FAIL("no setting " << name);
    return ConfigSetting{};
  };
  CHECK(setting("script").values == std::vector<std::string>{"cfg/gen.py"});
  CHECK(setting("kernel").values == std::vector<std::string>{"a#b"});
  CHECK(setting("max-arrays").values == std::vector<std::string>{"0"});
  CHECK(setting("convert").values == std::vector<std::string>{"false"});
  CHECK(setting("output").values == std::vector<std::string>{"/abs/out.jsonl"});
  // "bad" is passed on as it is: the option's own check says what is wrong with it
  CHECK(setting("data").values == std::vector<std::string>{"X=cfg/x.npy", "Y=/abs/y.npy", "bad"});
  CHECK(setting("data").where == "cfg/job.toml:6:8");
  CHECK(read("script = \"gen.py\"\n", "job.toml").settings[0].values[0] == "gen.py");
  CHECK(read("data = \"X=x.npy\"\n").settings[0].values == std::vector<std::string>{"X=cfg/x.npy"});
}

TEST_CASE("a table named after the command holds options; any other table is refused") {
  CHECK(read("[run]\nkernel = \"nop\"\n").settings[0].values[0] == "nop");
  CHECK(refusal("[check]\nkernel = \"nop\"\n").starts_with("cfg/job.toml:1:2: unknown table [check]"));
  CHECK(refusal("run.params.x = 1\n").find("unknown key 'params'") != std::string::npos);
  CHECK(refusal("params = 3\n").starts_with("cfg/job.toml:1:1: 'params' must be a table"));
  CHECK(refusal("kernel = {name = \"nop\"}\n") ==
        "cfg/job.toml:1:10: 'kernel' takes a string (in quotes), got a table: {name = \"nop\"}");
}

TEST_CASE("NUL cannot reach a kernel's C strings") {
  CHECK(refusal("[params]\na = \"x\\u0000y\"\n").starts_with("cfg/job.toml:2:5: parameter 'a' holds a NUL"));
  CHECK(refusal("[params]\n\"a\\u0000\" = 1\n").starts_with("cfg/job.toml:2:"));
  CHECK(refusal("kernel = \"n\\u0000p\"\n").starts_with("cfg/job.toml:1:10: 'kernel' holds a NUL"));
  CHECK(params_of("a = [\"x\\u0000\"]\n").at("a") == Param("[\"x\\u0000\"]", true));  // escaped in TOML text
}

TEST_CASE("an unknown key lists what the command takes") {
  CHECK(refusal("kernal = \"nop\"\n") ==
        "cfg/job.toml:1:1: unknown key 'kernal'; 'run' takes script, kernel, data, output, max-arrays, convert (its "
        "options without the dashes), and script parameters go in a [params] table");
  CHECK_THROWS_WITH_AS(read_config("kernel = \"nop\"\n", "job.toml", "info", {}),
                       "job.toml:1:1: unknown key 'kernel'; 'info' takes no options, and script parameters go in a "
                       "[params] table",
                       UsageError);
}

TEST_CASE("an empty file sets nothing") {
  const ConfigFile c = read("");
  CHECK(c.settings.empty());
  CHECK(c.params.empty());
}

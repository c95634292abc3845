#include <doctest/doctest.h>

#include <initializer_list>
#include <vector>

#include "cli/command_line.hpp"
#include "core/errors.hpp"
#include "temp_dir.hpp"

using namespace arrayfeed;

namespace {

void parse(CommandLine& command_line, std::initializer_list<const char*> args) {
  std::vector<const char*> argv{"arrayfeed"};
  argv.insert(argv.end(), args.begin(), args.end());
  command_line.parse(static_cast<int>(argv.size()), argv.data());
}

}  // namespace

TEST_CASE("run options come from the command line") {
  CommandLine cl;
  parse(cl, {"run", "gen.py", "--kernel", "nop", "--max-arrays", "5", "--set", "a=1", "--set", "b=x=y",
             "--convert", "--output", "out.jsonl", "--entry", "make"});
  const RunOptions& o = cl.run_options().options;
  CHECK(cl.command() == "run");
  CHECK(o.script->string() == "gen.py");
  CHECK(o.kernel == "nop");
  CHECK(*o.max_arrays == 5);
  CHECK(o.convert);
  CHECK(o.output->string() == "out.jsonl");
  CHECK(o.entry == "make");
  CHECK(o.params == Params{{"a", "1"}, {"b", "x=y"}});
}

TEST_CASE("--set takes one value, so a script after it stays the script") {
  CommandLine cl;
  parse(cl, {"run", "--set", "steps=3", "walk.py"});
  CHECK(cl.run_options().options.script->string() == "walk.py");
  CHECK(cl.run_options().options.params == Params{{"steps", "3"}});
}

TEST_CASE("defaults: the default job through lsq, a script through stats, a lone plugin's kernel, no limit") {
  CommandLine cl;
  parse(cl, {"run"});
  const RunOptions& o = cl.run_options().options;
  CHECK_FALSE(o.script);
  CHECK_FALSE(o.kernel);
  CHECK(default_kernel(o, {}) == "lsq");
  RunOptions with_script = o;
  with_script.script = "gen.py";
  CHECK(default_kernel(with_script, {}) == "stats");
  CHECK(default_kernel(with_script, {"mine"}) == "mine");
  CHECK_THROWS_WITH_AS(default_kernel(with_script, {"mine", "theirs"}),
                       "several plugins are loaded (mine, theirs): choose one with --kernel NAME", UsageError);
  with_script.kernel = "nop";
  CHECK(default_kernel(with_script, {"mine", "theirs"}) == "nop");
  CHECK(o.entry == "generate");
  CHECK_FALSE(o.max_arrays);
  CHECK(cl.run_options().log_level == "info");
}

TEST_CASE("a config file sets options and [params]; the command line wins") {
  TempDir dir;
  const auto config = dir.write("job.toml",
                                "script = \"gen.py\"\nkernel = \"nop\"\nmax-arrays = 3\n"
                                "[params]\nsteps = 10\nname = \"demo\"\n");
  CommandLine cl;
  parse(cl, {"run", "--config", config.c_str(), "--max-arrays", "7", "--set", "steps=20"});
  const RunOptions& o = cl.run_options().options;
  CHECK(o.script->string() == "gen.py");
  CHECK(o.kernel == "nop");
  CHECK(*o.max_arrays == 7);
  CHECK(o.params == Params{{"name", "demo"}, {"steps", "20"}});
}

TEST_CASE("--config may also come before the subcommand") {
  TempDir dir;
  const auto config = dir.write("job.toml", "kernel = \"nop\"\n");
  CommandLine cl;
  parse(cl, {"--config", config.c_str(), "check", "gen.py"});
  CHECK(cl.command() == "check");
  CHECK(cl.run_options().options.kernel == "nop");
}

TEST_CASE("an unknown key in a config file is an error that says where keys go") {
  TempDir dir;
  const auto config = dir.write("job.toml", "kernal = \"nop\"\n");
  CommandLine cl;
  CHECK_THROWS_WITH_AS(parse(cl, {"run", "--config", config.c_str()}),
                       doctest::Contains("unknown key 'kernal'"), CLI::ConfigError);
}

TEST_CASE("an unknown key names the keys the command takes, not another command's") {
  TempDir dir;
  const auto config = dir.write("job.toml", "kernel = \"nop\"\n");
  CommandLine cl;
  CHECK_THROWS_WITH_AS(parse(cl, {"kernels", "--config", config.c_str()}),
                       "config file: unknown key 'kernel'; 'kernels' takes plugin (its options without the "
                       "dashes), and script parameters go in a [params] table",
                       CLI::ConfigError);
  CommandLine run;
  CHECK_THROWS_WITH_AS(parse(run, {"run", "--config", dir.write("typo.toml", "kernal = 1\n").c_str()}),
                       doctest::Contains("'run' takes script, entry, kernel, plugin, data, set, output, max-arrays, "
                                         "prefetch, threads, convert, log-level, metrics, quiet, progress (its "
                                         "options"),
                       CLI::ConfigError);
}

TEST_CASE("bad values are parse errors, which exit with 2") {
  for (const char* bad : {"--max-arrays=-1", "--max-arrays=ten", "--set=novalue", "--set==1", "--log-level=loud",
                          "--no-such-flag", "--set=k=\xff", "--entry=gen\xff", "--kernel=\xc3",
                          "--set=k=\xc0\x80", "--set=k=\xed\xa0\x80"}) {  // overlong, surrogate
    CAPTURE(bad);
    CommandLine cl;
    try {
      parse(cl, {"run", "gen.py", bad});
      FAIL("accepted " << bad);
    } catch (const CLI::ParseError& e) {
      CHECK(cl.exit(e) == 2);
    }
  }
}

TEST_CASE("what CLI11's TOML reader would misread is refused, naming it") {
  const std::pair<const char*, const char*> cases[] = {
      {"[params.one]\nx = 1\n", "unknown table [params.one]"},
      {"[params]\nb = {x = 1}\n", "'b': inline tables are not supported"},
      {"[params]\nw = \"\"\"multi\nline\"\"\"\n", "'w': multi-line strings are not supported"},
      {"[extras]\nbar = 1\n", "unknown table [extras]"},
      {"[params]\nname = \"caf\xe9\"\n", "is not valid UTF-8 text"},
  };
  for (const auto& [text, message] : cases) {
    CAPTURE(text);
    TempDir dir;
    const auto config = dir.write("job.toml", text);
    CommandLine cl;
    CHECK_THROWS_WITH_AS(parse(cl, {"run", "--config", config.c_str()}), doctest::Contains(message),
                         CLI::ParseError);
  }
}

TEST_CASE("a [run] table is the same as top-level keys") {
  TempDir dir;
  const auto config = dir.write("job.toml", "[run]\nkernel = \"nop\"\n");
  CommandLine cl;
  parse(cl, {"run", "--config", config.c_str()});
  CHECK(cl.run_options().options.kernel == "nop");
}

TEST_CASE("a missing config file is a parse error") {
  CommandLine cl;
  CHECK_THROWS_AS(parse(cl, {"run", "--config", "/nonexistent/job.toml"}), CLI::FileError);
}

TEST_CASE("--version and --help exit with 0") {
  for (const char* flag : {"--version", "--help"}) {
    CommandLine cl;
    try {
      parse(cl, {flag});
      FAIL("no exit for " << flag);
    } catch (const CLI::ParseError& e) {
      CHECK(cl.exit(e) == 0);
    }
  }
}

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
  dir.write("gen.py", "");
  const auto config = dir.write("job.toml",
                                "script = \"gen.py\"\nkernel = \"nop\"\nmax-arrays = 3\n"
                                "[params]\nsteps = 10\nname = \"demo\"\nlr = 0.5\n");
  CommandLine cl;
  parse(cl, {"run", "--config", config.c_str(), "--max-arrays", "7", "--set", "steps=20"});
  const RunOptions& o = cl.run_options().options;
  CHECK(*o.script == dir / "gen.py");  // relative to the config file's folder
  CHECK(o.kernel == "nop");
  CHECK(*o.max_arrays == 7);
  CHECK(o.params == Params{{"name", "demo"}, {"steps", "20"}, {"lr", Param("0.5", true)}});
}

TEST_CASE("--config may also come before the subcommand") {
  TempDir dir;
  const auto config = dir.write("job.toml", "kernel = \"nop\"\n");
  CommandLine cl;
  parse(cl, {"--config", config.c_str(), "check", "gen.py"});
  CHECK(cl.command() == "check");
  CHECK(cl.run_options().options.kernel == "nop");
}

TEST_CASE("an unknown key in a config file is an error that says where it is and where keys go") {
  TempDir dir;
  const auto config = dir.write("job.toml", "kernal = \"nop\"\n");
  CommandLine cl;
  CHECK_THROWS_WITH_AS(parse(cl, {"run", "--config", config.c_str()}),
                       doctest::Contains((config.string() + ":1:1: unknown key 'kernal'").c_str()), UsageError);
}

TEST_CASE("an unknown key names the keys the command takes, not another command's") {
  TempDir dir;
  const auto config = dir.write("job.toml", "kernel = \"nop\"\n");
  CommandLine cl;
  CHECK_THROWS_WITH_AS(parse(cl, {"kernels", "--config", config.c_str()}),
                       (config.string() + ":1:1: unknown key 'kernel'; 'kernels' takes plugin (its options without "
                                          "the dashes), and script parameters go in a [params] table").c_str(),
                       UsageError);
  CommandLine run;
  CHECK_THROWS_WITH_AS(parse(run, {"run", "--config", dir.write("typo.toml", "kernal = 1\n").c_str()}),
                       doctest::Contains("'run' takes script, entry, kernel, plugin, data, set, output, timings, "
                                         "max-arrays, prefetch, threads, convert, log-level, metrics, log-format, "
                                         "color, quiet, progress (its options"),
                       UsageError);
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

TEST_CASE("numbers are decimal on the command line: leading zeros too, other bases refused") {
  CommandLine cl;
  parse(cl, {"run", "--max-arrays", "0100", "--threads", "010", "--prefetch", "007"});
  CHECK(*cl.run_options().options.max_arrays == 100);
  CHECK(cl.run_options().options.threads == 10);
  CHECK(cl.run_options().options.prefetch == 7);
  for (const char* bad : {"--max-arrays=0x10", "--threads=0x2", "--prefetch=0b1", "--threads=0", "--threads=257",
                          "--prefetch=1025", "--max-arrays=+5", "--max-arrays=99999999999999999999"}) {
    CAPTURE(std::string(bad));
    CommandLine refused;
    CHECK_THROWS_WITH_AS(parse(refused, {"run", bad}), doctest::Contains("in decimal, got '"), CLI::ValidationError);
  }
}

TEST_CASE("config file values are checked against the option's kind, with their place") {
  const std::pair<const char*, const char*> cases[] = {
      {"max-arrays = 0x10\n", ":1:14: 'max-arrays' takes a decimal number: write max-arrays = 16, not 0x10"},
      {"threads = \"4\"\n", ":1:11: 'threads' takes a whole number (e.g. threads = 10), got a string"},
      {"convert = \"yes\"\n", ":1:11: 'convert' takes true or false, got a string"},
      {"\nkernel = [\"nop\"]\n", ":2:10: 'kernel' takes one value, got an array"},
      {"kernel = 3\n", ":1:10: 'kernel' takes a string (in quotes), got an integer: 3"},
      {"[extras]\nbar = 1\n", ":1:2: unknown table [extras]"},
  };
  for (const auto& [text, message] : cases) {
    CAPTURE(text);
    TempDir dir;
    const auto config = dir.write("job.toml", text);
    CommandLine cl;
    CHECK_THROWS_WITH_AS(parse(cl, {"run", "--config", config.c_str()}),
                         doctest::Contains((config.string() + message).c_str()), UsageError);
  }
}

TEST_CASE("a value the option's own check refuses says where in the config file it is") {
  TempDir dir;
  const auto config = dir.write("job.toml", "# job\nthreads = 0\nlog-level = \"info\"\n");
  CommandLine cl;
  CHECK_THROWS_WITH_AS(parse(cl, {"run", "--config", config.c_str()}),
                       (config.string() + ":2:11: --threads: expected a whole number, 1 to 256, in decimal, got '0'")
                           .c_str(),
                       UsageError);
  CommandLine given;  // the command line's own bad value is the command line's error
  const auto fine = dir.write("fine.toml", "log-level = \"info\"\n");
  CHECK_THROWS_AS(parse(given, {"run", "--config", fine.c_str(), "--log-level", "loud"}), CLI::ValidationError);
}

TEST_CASE("relative paths in a config file are taken from its folder; a missing one names the file") {
  TempDir dir;
  std::filesystem::create_directory(dir / "sub");
  dir.write("sub/gen.py", "");
  dir.write("sub/x.npy", "");
  const auto config = dir.write("sub/job.toml", "script = \"gen.py\"\ndata = [\"X=x.npy\"]\noutput = \"out.jsonl\"\n"
                                                "metrics = \"/abs/m.json\"\nplugin = []\n");
  CommandLine cl;
  parse(cl, {"run", "--config", config.c_str(), "--metrics", "m.json"});  // the command line's own: not checked
  const RunOptions& o = cl.run_options().options;
  CHECK(*o.script == dir / "sub/gen.py");
  REQUIRE(o.data.size() == 1);
  CHECK(o.data[0].path == dir / "sub/x.npy");
  CHECK(*o.output == dir / "sub/out.jsonl");
  CHECK(o.metrics->string() == "m.json");
  CHECK(o.plugins.empty());

  const std::string nope = (dir / "sub/nope.npy").string();
  const std::pair<const char*, std::string> missing[] = {
      {"script = \"nope.py\"\n", ":1:10: script '" + (dir / "sub/nope.py").string() + "' not found"},
      {"data = [\"X=x.npy\", \"Y=nope.npy\"]\n", ":1:8: data 'Y=" + nope + "': '" + nope + "' not found"},
      {"output = \"no/out.jsonl\"\n", ":1:10: output '" + (dir / "sub/no/out.jsonl").string() + "': folder '" +
                                          (dir / "sub/no").string() + "' not found"},
  };
  for (const auto& [text, message] : missing) {
    CAPTURE(text);
    const auto bad = dir.write("sub/bad.toml", text);
    CommandLine refused;
    CHECK_THROWS_WITH_AS(parse(refused, {"run", "--config", bad.c_str()}),
                         (bad.string() + message + " (a relative path in config file " + bad.string() +
                          " is taken from that file's folder)").c_str(),
                         UsageError);
  }
  CommandLine given;  // a script on the command line wins: the file's is not looked for
  parse(given, {"run", "other.py", "--config", dir.write("sub/bad.toml", "script = \"nope.py\"\n").c_str()});
  CHECK(given.run_options().options.script->string() == "other.py");
}

TEST_CASE("only one config file") {
  TempDir dir;
  const auto config = dir.write("job.toml", "kernel = \"nop\"\n");
  CommandLine cl;
  CHECK_THROWS_AS(parse(cl, {"run", "--config", config.c_str(), "--config", config.c_str()}), CLI::ParseError);
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

#include <doctest/doctest.h>
#include <unistd.h>

#include <string>

#include "core/errors.hpp"
#include "core/output_file.hpp"
#include "temp_dir.hpp"

using namespace arrayfeed;

namespace {
void no_signal() {}
}  // namespace

TEST_CASE("an output file is opened without touching an earlier file's contents") {
  TempDir dir;
  const auto path = dir.write("out.jsonl", "earlier\n");
  { OutputFile file(path, "--output", no_signal); }
  CHECK(read_file(path) == "earlier\n");
}

TEST_CASE("a file the run created is removed unless claimed") {
  TempDir dir;
  { OutputFile file(dir / "unclaimed.jsonl", "--output", no_signal); }
  CHECK_FALSE(std::filesystem::exists(dir / "unclaimed.jsonl"));
  {
    OutputFile file(dir / "claimed.jsonl", "--output", no_signal);
    file.replace_with("new\n");
  }
  CHECK(read_file(dir / "claimed.jsonl") == "new\n");
}

TEST_CASE("a second opener is refused with the lock holder's pid, and the file stays as it was") {
  TempDir dir;
  const auto path = dir.write("out.jsonl", "earlier\n");
  OutputFile first(path, "--output", no_signal);
  const std::string message = "--output '" + path.string() + "' is being written by another run (pid " +
                              std::to_string(getpid()) + "); wait for it to end, or choose another path";
  CHECK_THROWS_WITH_AS(OutputFile(path, "--output", no_signal), message.c_str(), UsageError);
  CHECK(read_file(path) == "earlier\n");
}

TEST_CASE("an output file is not inherited by child processes (close-on-exec)") {
  TempDir dir;
  OutputFile file(dir / "out.jsonl", "--output", no_signal);
  const std::string listing = "ls -l /proc/self/fd > '" + (dir / "fds.txt").string() + "'";
  REQUIRE(std::system(listing.c_str()) == 0);
  CHECK(read_file(dir / "fds.txt").find("out.jsonl") == std::string::npos);
}

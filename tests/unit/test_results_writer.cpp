#include <doctest/doctest.h>

#include <cmath>
#include <limits>

#include "core/errors.hpp"
#include "core/results_writer.hpp"
#include "temp_dir.hpp"

using namespace arrayfeed;

TEST_CASE("jsonl gets one flushed line per result, readable before the writer closes") {
  TempDir dir;
  const auto path = dir / "out.jsonl";
  auto writer = open_results_writer(path);
  writer->write(0, NamedValues{{"count", std::int64_t{3}}, {"mean", 0.5}});
  writer->write(1, Value{2.25});
  writer->write(2, std::monostate{});  // no result, no line
  CHECK(read_file(path) ==
        "{\"index\": 0, \"count\": 3, \"mean\": 0.5}\n"
        "{\"index\": 1, \"value\": 2.25}\n");
}

TEST_CASE("non-finite numbers are written as null, doubles round-trip") {
  TempDir dir;
  auto writer = open_results_writer(dir / "out.jsonl");
  const double nan = std::numeric_limits<double>::quiet_NaN();
  writer->write(7, NamedValues{{"a", nan}, {"b", INFINITY}, {"c", 0.1}, {"d", std::int64_t{-4}}});
  CHECK(read_file(dir / "out.jsonl") ==
        "{\"index\": 7, \"a\": null, \"b\": null, \"c\": 0.1, \"d\": -4}\n");
}

TEST_CASE("names are escaped as JSON strings") {
  TempDir dir;
  auto writer = open_results_writer(dir / "out.jsonl");
  writer->write(0, NamedValues{{"say \"hi\"\n", std::int64_t{1}}});
  CHECK(read_file(dir / "out.jsonl") == "{\"index\": 0, \"say \\\"hi\\\"\\n\": 1}\n");
}

TEST_CASE("an unsupported extension is a usage error naming the supported one") {
  TempDir dir;
  CHECK_THROWS_WITH_AS(open_results_writer(dir / "out.csv"),
                       doctest::Contains("use a .jsonl file"), UsageError);
}

TEST_CASE("a file that cannot be created is a usage error with the reason") {
  TempDir dir;
  CHECK_THROWS_WITH_AS(open_results_writer(dir / "no-such-dir" / "out.jsonl"),
                       doctest::Contains("No such file or directory"), UsageError);
}

TEST_CASE("a write that fails (disk full) is a backend error naming the file") {
  TempDir dir;
  std::filesystem::create_symlink("/dev/full", dir / "full.jsonl");
  auto writer = open_results_writer(dir / "full.jsonl");
  CHECK_THROWS_WITH_AS(writer->write(0, Value{1.0}), doctest::Contains("No space left on device"),
                       BackendError);
}

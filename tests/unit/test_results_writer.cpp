#include <doctest/doctest.h>
#include <pybind11/stl.h>

#include <cmath>
#include <limits>
#include <sstream>
#include <vector>

#include "core/errors.hpp"
#include "core/results_writer.hpp"
#include "file_size_limit.hpp"
#include "temp_dir.hpp"

namespace py = pybind11;
using namespace arrayfeed;

namespace {

/// Each line of a .jsonl file as Python's json module reads it.
std::vector<py::dict> parse_jsonl(const std::filesystem::path& path) {
  std::vector<py::dict> lines;
  std::istringstream text(read_file(path));
  for (std::string line; std::getline(text, line);)
    lines.push_back(py::module_::import("json").attr("loads")(line));
  return lines;
}

template <class T>
ResultArray array_of(DType dtype, std::vector<std::ptrdiff_t> shape, const std::vector<T>& values) {
  ResultArray array = ResultArray::allocate(dtype, std::move(shape));
  std::copy(values.begin(), values.end(), array.as<T>());
  return array;
}

}  // namespace

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

TEST_CASE("whole floats keep a decimal point, so JSON readers see floats; integers stay integers") {
  TempDir dir;
  auto writer = open_results_writer(dir / "out.jsonl");
  ResultArray floats = ResultArray::allocate(dtypes::float32, {3});
  floats.as<float>()[0] = 2.0f;
  floats.as<float>()[1] = -0.0f;
  floats.as<float>()[2] = 1e20f;
  writer->write(0, NamedValues{{"sum", 3.0}, {"count", std::int64_t{3}}, {"big", 1e300}, {"xs", floats}});
  CHECK(read_file(dir / "out.jsonl") ==
        "{\"index\": 0, \"sum\": 3.0, \"count\": 3, \"big\": 1e+300, \"xs\": [2.0, -0.0, 1e+20]}\n");
}

TEST_CASE("names are escaped as JSON strings") {
  TempDir dir;
  auto writer = open_results_writer(dir / "out.jsonl");
  writer->write(0, NamedValues{{"say \"hi\"\n", std::int64_t{1}}});
  CHECK(read_file(dir / "out.jsonl") == "{\"index\": 0, \"say \\\"hi\\\"\\n\": 1}\n");
}

TEST_CASE("jsonl: arrays are nested lists that Python's json reads back as the array's values") {
  TempDir dir;
  const auto path = dir / "out.jsonl";
  const std::vector<std::int64_t> ints{-5, 0, (std::int64_t{1} << 53) + 1};
  const std::vector<float> floats{0.1f, -2.5f, 1e-7f, 3.4e38f, 1.0f / 3};
  const std::vector<double> grid{0.1, 0.2, 0.3, -1e300, 5e-324, 6.0};
  auto writer = open_results_writer(path);
  writer->write(0, Value{array_of(DType{.kind = 'i', .itemsize = 8}, {3}, ints)});
  writer->write(1, Value{array_of(dtypes::float32, {5}, floats)});
  writer->write(2, Value{array_of(dtypes::float64, {2, 3}, grid)});
  writer->write(3, NamedValues{{"ids", array_of(DType{.kind = 'i', .itemsize = 8}, {3}, ints)},
                               {"grid", array_of(dtypes::float64, {2, 3}, grid)}});

  const auto lines = parse_jsonl(path);
  REQUIRE(lines.size() == 4);
  CHECK(lines[0]["value"].cast<std::vector<std::int64_t>>() == ints);
  CHECK(lines[1]["value"].cast<std::vector<float>>() == floats);
  const std::vector<std::vector<double>> rows{{0.1, 0.2, 0.3}, {-1e300, 5e-324, 6.0}};
  CHECK(lines[2]["value"].cast<std::vector<std::vector<double>>>() == rows);
  CHECK(lines[3]["index"].cast<int>() == 3);
  CHECK(lines[3]["ids"].cast<std::vector<std::int64_t>>() == ints);
  CHECK(lines[3]["grid"].cast<std::vector<std::vector<double>>>() == rows);
}

TEST_CASE("an unsupported extension is a usage error naming the supported ones and when to use which") {
  TempDir dir;
  const std::string message = "--output '" + (dir / "out.csv").string() +
                              "': unsupported format; use a .npy file for numbers or arrays of one dtype and "
                              "shape (one row each), a .jsonl file for anything else (one JSON object per "
                              "result), or - for JSON lines on the standard output";
  CHECK_THROWS_WITH_AS(open_results_writer(dir / "out.csv"), message.c_str(), UsageError);
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

TEST_CASE("a named value called 'index' would hide the line's own index: refused") {
  TempDir dir;
  auto writer = open_results_writer(dir / "out.jsonl");
  CHECK_THROWS_WITH_AS(writer->write(0, NamedValues{{"index", std::int64_t{99}}}),
                       doctest::Contains("a value named 'index'"), BackendError);
  writer->write(1, NamedValues{{"argmax", std::int64_t{99}}});
  CHECK(read_file(dir / "out.jsonl") == "{\"index\": 1, \"argmax\": 99}\n");
}

TEST_CASE("jsonl: an earlier file stays as it was until the first result, which replaces it") {
  TempDir dir;
  const auto path = dir.write("out.jsonl", "{\"index\": 0, \"earlier\": 1}\n");
  auto writer = open_results_writer(path);
  writer->write(0, std::monostate{});
  CHECK(read_file(path) == "{\"index\": 0, \"earlier\": 1}\n");
  writer->write(1, Value{std::int64_t{5}});
  CHECK(read_file(path) == "{\"index\": 1, \"value\": 5}\n");
}

TEST_CASE("jsonl: a run that ends well without results empties an earlier file; one that does not, keeps it") {
  TempDir dir;
  const auto kept = dir.write("kept.jsonl", "earlier\n");
  const auto emptied = dir.write("emptied.jsonl", "earlier\n");
  open_results_writer(kept);
  open_results_writer(emptied)->finish();
  CHECK(read_file(kept) == "earlier\n");
  CHECK(read_file(emptied).empty());
}

TEST_CASE("jsonl: a line that does not fit (file size limit) is cut off whole: the file ends in the last full line") {
  TempDir dir;
  const auto path = dir / "out.jsonl";
  auto writer = open_results_writer(path);
  writer->write(0, Value{std::int64_t{1}});
  const std::string first_line = read_file(path);
  {
    const FileSizeLimit limit(first_line.size() + 10);  // room for part of the second line
    CHECK_THROWS_WITH_AS(writer->write(1, Value{std::int64_t{2}}), doctest::Contains("File too large"),
                         BackendError);
  }
  CHECK(read_file(path) == first_line);
}

TEST_CASE("jsonl: a bool byte other than 0 or 1 is read as a byte: true") {
  TempDir dir;
  auto writer = open_results_writer(dir / "out.jsonl");
  const std::vector<std::uint8_t> bytes{0, 1, 2};
  writer->write(0, Value{array_of(DType{.kind = 'b', .itemsize = 1}, {3}, bytes)});
  CHECK(read_file(dir / "out.jsonl") == "{\"index\": 0, \"value\": [false, true, true]}\n");
}

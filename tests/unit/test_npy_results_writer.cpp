#include <doctest/doctest.h>
#include <pybind11/stl.h>

#include <fstream>
#include <limits>
#include <string>
#include <vector>

#include "core/errors.hpp"
#include "core/npy_header.hpp"
#include "core/results_writer.hpp"
#include "file_size_limit.hpp"
#include "temp_dir.hpp"

namespace py = pybind11;
using namespace arrayfeed;
using namespace pybind11::literals;

namespace {

/// What numpy.load makes of the file, read whole or memory-mapped.
py::object load(const std::filesystem::path& path, bool mapped = false) {
  const py::object numpy_load = py::module_::import("numpy").attr("load");
  return mapped ? numpy_load(path.string(), "mmap_mode"_a = "r") : numpy_load(path.string());
}

std::vector<float> row_values(const py::object& array, int row) {
  return array[py::int_(row)].attr("tolist")().cast<std::vector<float>>();
}

template <class T>
std::vector<T> values(const py::object& array) {
  return array.attr("tolist")().cast<std::vector<T>>();
}

std::vector<std::ptrdiff_t> shape_of(const py::object& array) {
  return array.attr("shape").cast<std::vector<std::ptrdiff_t>>();
}

std::string dtype_of(const py::object& array) { return array.attr("dtype").attr("str").cast<std::string>(); }

ResultArray float32_row(float first) {
  ResultArray row = ResultArray::allocate(dtypes::float32, {3});
  for (int i = 0; i < 3; ++i) row.as<float>()[i] = first + static_cast<float>(i);
  return row;
}

/// A writer that has written two float32 rows of 3: {1, 2, 3} and {4, 5, 6}.
std::unique_ptr<ResultsWriter> writer_with_two_rows(const std::filesystem::path& path) {
  auto writer = open_results_writer(path);
  writer->write(0, Value{float32_row(1)});
  writer->write(1, Value{float32_row(4)});
  return writer;
}

void append_bytes(const std::filesystem::path& path, std::size_t count) {
  std::ofstream(path, std::ios::binary | std::ios::app) << std::string(count, '\x7f');
}

}  // namespace

TEST_CASE("npy: array results are rows of one file that loads after every write, whole or mapped") {
  TempDir dir;
  const auto path = dir / "out.npy";
  auto writer = open_results_writer(path);
  for (int row = 0; row < 4; ++row) {
    writer->write(static_cast<std::uint64_t>(row), Value{float32_row(10.0f * static_cast<float>(row))});
    writer->write(99, std::monostate{});  // no result, no row
    for (bool mapped : {false, true}) {
      const py::object loaded = load(path, mapped);
      CHECK(dtype_of(loaded) == "<f4");
      REQUIRE(shape_of(loaded) == std::vector<std::ptrdiff_t>{row + 1, 3});
      const float first = 10.0f * static_cast<float>(row);
      CHECK(row_values(loaded, row) == std::vector<float>{first, first + 1, first + 2});
    }
  }
}

TEST_CASE("npy: numbers are 0-d rows, int64 as <i8 and double as <f8") {
  TempDir dir;
  auto ints = open_results_writer(dir / "ints.npy");
  const std::vector<std::int64_t> int_results{7, -3, std::int64_t{1} << 40};
  for (std::int64_t i : int_results) ints->write(0, Value{i});
  auto doubles = open_results_writer(dir / "doubles.npy");
  for (double d : {0.1, -2.5}) doubles->write(0, Value{d});

  const py::object loaded_ints = load(dir / "ints.npy");
  CHECK(dtype_of(loaded_ints) == "<i8");
  CHECK(values<std::int64_t>(loaded_ints) == int_results);
  const py::object loaded_doubles = load(dir / "doubles.npy", true);
  CHECK(dtype_of(loaded_doubles) == "<f8");
  CHECK(values<double>(loaded_doubles) == std::vector<double>{0.1, -2.5});
}

TEST_CASE("npy: a run that ends well without results leaves an empty float64 array") {
  TempDir dir;
  auto writer = open_results_writer(dir / "out.npy");
  writer->write(0, std::monostate{});
  writer->finish();
  writer.reset();
  for (bool mapped : {false, true}) {
    const py::object loaded = load(dir / "out.npy", mapped);
    CHECK(shape_of(loaded) == std::vector<std::ptrdiff_t>{0});
    CHECK(dtype_of(loaded) == "<f8");
  }
}

TEST_CASE("npy: an earlier file stays as it was until the first result, which replaces it") {
  TempDir dir;
  const auto path = dir / "out.npy";
  append_bytes(path, 100'000);
  auto writer = open_results_writer(path);
  writer->write(0, std::monostate{});
  CHECK(read_file(path) == std::string(100'000, '\x7f'));
  writer->write(1, Value{2.5});
  CHECK(std::filesystem::file_size(path) == npy_header(dtypes::float64, {}, 1).size() + 8);
  CHECK(values<double>(load(path)) == std::vector<double>{2.5});
}

TEST_CASE("npy: a run that ends without results and without finish() leaves an earlier file alone") {
  TempDir dir;
  const auto path = dir / "out.npy";
  append_bytes(path, 1000);
  open_results_writer(path)->write(0, std::monostate{});
  CHECK(read_file(path) == std::string(1000, '\x7f'));
}

TEST_CASE("npy: a file it creates is an empty array at once, and removed if no result comes") {
  TempDir dir;
  const auto path = dir / "out.npy";
  {
    auto writer = open_results_writer(path);
    CHECK(shape_of(load(path)) == std::vector<std::ptrdiff_t>{0});
  }
  CHECK_FALSE(std::filesystem::exists(path));
}

TEST_CASE("npy: a result that does not fit is a backend error, and the rows before it still load") {
  TempDir dir;
  const auto path = dir / "out.npy";
  auto writer = writer_with_two_rows(path);
  const std::string holds = ", but the file's 2 rows are float32, shape (3,); ";
  const std::string fix = "use a .jsonl output for results of varying shape or named values";
  const auto refusal = [&](const std::string& got) {
    return "--output '" + path.string() + "': the result for array #3 is " + got + holds + fix;
  };

  SUBCASE("another shape") {
    const Value wide{ResultArray::allocate(dtypes::float32, {4})};
    CHECK_THROWS_WITH_AS(writer->write(2, wide), refusal("float32, shape (4,)").c_str(), BackendError);
  }
  SUBCASE("another dtype") {
    const Value wider{ResultArray::allocate(dtypes::float64, {3})};
    CHECK_THROWS_WITH_AS(writer->write(2, wider), refusal("float64, shape (3,)").c_str(), BackendError);
  }
  SUBCASE("a number") {
    CHECK_THROWS_WITH_AS(writer->write(2, Value{1.5}), refusal("float64, shape ()").c_str(), BackendError);
  }
  SUBCASE("named values") {
    const NamedValues named{{"count", std::int64_t{3}}, {"mean", 0.5}};
    CHECK_THROWS_WITH_AS(writer->write(2, named), refusal("named values (count, mean)").c_str(), BackendError);
  }
  for (bool mapped : {false, true}) CHECK(shape_of(load(path, mapped)) == std::vector<std::ptrdiff_t>{2, 3});
}

TEST_CASE("npy: named values first, a non-numeric dtype or too many dimensions are refused from the start") {
  TempDir dir;
  const auto path = dir / "out.npy";
  auto writer = open_results_writer(path);
  CHECK_THROWS_WITH_AS(writer->write(0, NamedValues{{"sum", 1.0}}),
                       doctest::Contains("is named values (sum), but a .npy output holds numbers or arrays of "
                                         "one dtype and shape; use a .jsonl output"),
                       BackendError);
  const Value dates{ResultArray::allocate(DType{.kind = 'M', .itemsize = 8}, {2})};
  CHECK_THROWS_WITH_AS(writer->write(0, dates), doctest::Contains("holds bool, int, float or complex numbers"),
                       BackendError);
  const Value deep{ResultArray::allocate(dtypes::float64, std::vector<std::ptrdiff_t>(32, 1))};
  CHECK_THROWS_WITH_AS(writer->write(0, deep), doctest::Contains("at most 32 dimensions"), BackendError);
  CHECK(shape_of(load(path)) == std::vector<std::ptrdiff_t>{0});
}

TEST_CASE("npy: bytes after the counted rows (killed between a row and its count) are ignored") {
  TempDir dir;
  const auto path = dir / "out.npy";
  const auto writer = writer_with_two_rows(path);
  append_bytes(path, 12);  // a whole row the header does not count yet
  append_bytes(path, 5);   // and part of another
  for (bool mapped : {false, true}) {
    const py::object loaded = load(path, mapped);
    CHECK(shape_of(loaded) == std::vector<std::ptrdiff_t>{2, 3});
    CHECK(row_values(loaded, 1) == std::vector<float>{4, 5, 6});
  }
}

TEST_CASE("npy: a row shape that needs a longer header than the empty file's") {
  TempDir dir;
  const auto path = dir / "out.npy";
  auto writer = open_results_writer(path);
  const std::vector<std::ptrdiff_t> shape(20, 1);
  for (double d : {1.5, 2.5}) {
    ResultArray row = ResultArray::allocate(dtypes::float64, shape);
    row.as<double>()[0] = d;
    writer->write(0, Value{row});
  }
  const py::object loaded = load(path, true);
  CHECK(shape_of(loaded).size() == 21);
  CHECK(loaded.attr("sum")().cast<double>() == 4.0);
}

TEST_CASE("npy: a file that cannot be written (disk full) is a backend error naming the file") {
  TempDir dir;
  const auto path = dir / "full.npy";
  std::filesystem::create_symlink("/dev/full", path);
  const std::string message = "writing --output file '" + path.string() + "' failed: No space left on device";
  auto writer = open_results_writer(path);
  CHECK_THROWS_WITH_AS(writer->write(0, Value{1.0}), message.c_str(), BackendError);
}

TEST_CASE("npy: a write that fails midway is a backend error, and the rows before it still load") {
  TempDir dir;
  const auto path = dir / "out.npy";
  auto writer = open_results_writer(path);
  writer->write(0, Value{std::int64_t{1}});
  writer->write(1, Value{std::int64_t{2}});
  {
    // Room for the header, two rows and half of a third: the third is written in part, then fails.
    const FileSizeLimit limit(std::filesystem::file_size(path) + 4);
    CHECK_THROWS_WITH_AS(writer->write(2, Value{std::int64_t{3}}), doctest::Contains("File too large"),
                         BackendError);
  }
  CHECK(std::filesystem::file_size(path) == npy_header(dtypes::float64, {}, 0).size() + 2 * 8 + 4);
  for (bool mapped : {false, true})
    CHECK(values<std::int64_t>(load(path, mapped)) == std::vector<std::int64_t>{1, 2});
}

TEST_CASE("npy header: a multiple of 64 bytes, ending in a newline, one length for every row count") {
  const std::vector<std::ptrdiff_t> row{3, 4};
  const std::string empty = npy_header(dtypes::float32, row, 0);
  CHECK(empty.size() % 64 == 0);
  CHECK(empty.back() == '\n');
  CHECK(empty.substr(0, 8) == std::string("\x93NUMPY\x01\x00", 8));
  CHECK(empty.find("{'descr': '<f4', 'fortran_order': False, 'shape': (0, 3, 4), }") == 10);
  const std::string huge = npy_header(dtypes::float32, row, 1'000'000'000'000);
  CHECK(huge.size() == empty.size());
  // NumPy's own reader, from after the magic and version: (shape, fortran_order, dtype).
  const py::object bytes_io = py::module_::import("io").attr("BytesIO")(py::bytes(huge.substr(8)));
  const py::tuple parsed = py::module_::import("numpy.lib.format").attr("read_array_header_1_0")(bytes_io);
  CHECK(parsed[0].cast<std::vector<std::int64_t>>() == std::vector<std::int64_t>{1'000'000'000'000, 3, 4});
  CHECK(parsed[2].attr("str").cast<std::string>() == "<f4");
  CHECK(npy_header(dtypes::float32, row, std::numeric_limits<std::int64_t>::max()).size() == empty.size());
  // The deepest row NumPy reads still fits in one page, so one write replaces the header whole.
  const std::vector<std::ptrdiff_t> deepest(31, std::numeric_limits<std::int64_t>::max());
  const DType complex128{.kind = 'c', .itemsize = 16};
  CHECK(npy_header(complex128, deepest, std::numeric_limits<std::int64_t>::max()).size() < 4096);
}

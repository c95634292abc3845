// Fuzzes the .npy results writer: a sequence of kernel results of fuzzed
// dtype, shape and bytes goes through NpyResultsWriter into a temp file, and
// after every write the file must be what numpy.load reads as exactly the
// rows accepted so far (header, alignment, data), whatever was refused.
#include <fuzzer/FuzzedDataProvider.h>
#include <unistd.h>

#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "core/array_view.hpp"
#include "core/errors.hpp"
#include "core/npy_header.hpp"
#include "core/npy_results_writer.hpp"

using namespace arrayfeed;

namespace {

constexpr std::size_t prelude = 10;      // magic, version, header length
constexpr std::size_t max_row_bytes = 4096;  // enough for every path, small enough to run fast
constexpr std::size_t max_row_dims = 33;     // one beyond what the writer accepts

[[noreturn]] void broken(const std::string& what) {
  std::fprintf(stderr, "npy invariant broken: %s\n", what.c_str());
  std::abort();
}

void expect(bool holds, const std::string& what) {
  if (!holds) broken(what);
}

/// The dtypes a result can have: every numeric one a kernel or plugin makes,
/// and some NumPy has that a .npy output must refuse.
DType fuzzed_dtype(FuzzedDataProvider& in) {
  static constexpr std::array<DType, 17> all{{
      {'b', 1}, {'i', 1}, {'i', 2}, {'i', 4}, {'i', 8}, {'u', 1}, {'u', 2}, {'u', 4}, {'u', 8},
      {'f', 2}, {'f', 4}, {'f', 8}, {'c', 8}, {'c', 16}, {'M', 8}, {'U', 4}, {'O', 8}}};
  return in.PickValueInArray(all);
}

std::vector<std::ptrdiff_t> fuzzed_shape(FuzzedDataProvider& in, int itemsize) {
  std::vector<std::ptrdiff_t> shape(in.ConsumeIntegralInRange<std::size_t>(0, max_row_dims));
  // As af_new_array allows: the non-zero extents' bytes fit (here under a
  // small cap, to run fast); zero extents keep many dimensions cheap.
  std::size_t bytes = static_cast<std::size_t>(itemsize);
  for (auto& extent : shape) {
    extent = static_cast<std::ptrdiff_t>(in.ConsumeIntegralInRange<std::size_t>(0, max_row_bytes / bytes));
    bytes *= std::max<std::size_t>(static_cast<std::size_t>(extent), 1);
  }
  return shape;
}

Value fuzzed_value(FuzzedDataProvider& in) {
  switch (in.ConsumeIntegralInRange(0, 2)) {
    case 0: return in.ConsumeIntegral<std::int64_t>();
    case 1: return in.ConsumeFloatingPoint<double>();
    default: {
      const DType dtype = fuzzed_dtype(in);
      ResultArray array = ResultArray::allocate(dtype, fuzzed_shape(in, dtype.itemsize));
      const std::vector<std::uint8_t> bytes = in.ConsumeBytes<std::uint8_t>(array.nbytes());
      std::copy(bytes.begin(), bytes.end(), static_cast<std::uint8_t*>(array.data()));
      std::fill_n(static_cast<std::uint8_t*>(array.data()) + bytes.size(), array.nbytes() - bytes.size(), 0);
      return array;
    }
  }
}

KernelResult fuzzed_result(FuzzedDataProvider& in) {
  switch (in.ConsumeIntegralInRange(0, 5)) {
    case 0: return std::monostate{};
    case 1: return NamedValues{{"x", fuzzed_value(in)}};
    default: return fuzzed_value(in);
  }
}

/// What the file must hold: the rows the writer accepted, as the spec says.
struct Model {
  DType dtype = dtypes::float64;
  std::vector<std::ptrdiff_t> row_shape;
  std::uint64_t rows = 0;
  std::string data;

  /// Whether the writer must take `result` as the next row.
  bool accepts(const KernelResult& result) const {
    const auto* value = std::get_if<Value>(&result);
    if (!value) return false;
    const auto* array = std::get_if<ResultArray>(value);
    const DType type = array                                   ? array->dtype()
                       : std::holds_alternative<double>(*value) ? dtypes::float64
                                                                : DType{.kind = 'i', .itemsize = 8};
    const std::vector<std::ptrdiff_t> shape = array ? array->shape() : std::vector<std::ptrdiff_t>{};
    const bool numeric = std::string_view("biufc").find(type.kind) != std::string_view::npos;
    if (!numeric || shape.size() + 1 > 32) return false;
    return rows == 0 || (type == dtype && shape == row_shape);
  }

  void add(const Value& value) {
    if (const auto* array = std::get_if<ResultArray>(&value)) {
      dtype = array->dtype();
      row_shape = array->shape();
      data.append(static_cast<const char*>(array->data()), array->nbytes());
    } else if (const auto* i = std::get_if<std::int64_t>(&value)) {
      dtype = {'i', 8};
      data.append(reinterpret_cast<const char*>(i), sizeof *i);
    } else {
      dtype = dtypes::float64;
      data.append(reinterpret_cast<const char*>(&std::get<double>(value)), sizeof(double));
    }
    ++rows;
  }
};

std::string read_all(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// The file against NumPy's format 1.0 and the model's rows.
void check_file(const std::filesystem::path& path, const Model& model) {
  const std::string file = read_all(path);
  expect(file.size() >= prelude && file.compare(0, 8, std::string("\x93NUMPY\x01\x00", 8)) == 0, "magic and version 1.0");
  const std::size_t length = static_cast<unsigned char>(file[8]) | static_cast<unsigned char>(file[9]) << 8;
  const std::size_t data_offset = prelude + length;
  expect(data_offset % 64 == 0, "data starts at a multiple of 64, at " + std::to_string(data_offset));
  expect(file.size() >= data_offset && file[data_offset - 1] == '\n', "header ends in a newline");

  std::vector<std::ptrdiff_t> shape{static_cast<std::ptrdiff_t>(model.rows)};
  shape.insert(shape.end(), model.row_shape.begin(), model.row_shape.end());
  const std::string dict = "{'descr': '" + model.dtype.type_string() + "', 'fortran_order': False, 'shape': " +
                           tuple_text(shape) + ", }";
  const std::string header = file.substr(prelude, length - 1);
  expect(header.compare(0, dict.size(), dict) == 0, "header is " + dict + ", file says " + header);
  expect(header.find_first_not_of(' ', dict.size()) == std::string::npos, "header padded with spaces only");

  expect(file.size() == data_offset + model.data.size(),
         "file holds exactly the rows: " + std::to_string(file.size()) + " bytes, expected " +
             std::to_string(data_offset + model.data.size()));
  expect(file.compare(data_offset, std::string::npos, model.data) == 0, "rows hold the results' bytes");
}

/// The header keeps its length for every row count, so the count can be rewritten in place.
void check_header_length(FuzzedDataProvider& in, const Model& model) {
  const auto rows = in.ConsumeIntegralInRange<std::uint64_t>(0, std::numeric_limits<std::int64_t>::max());
  const std::size_t empty = npy_header(model.dtype, model.row_shape, 0).size();
  const std::size_t full = npy_header(model.dtype, model.row_shape, rows).size();
  expect(empty == full, "header length " + std::to_string(full) + " for " + std::to_string(rows) + " rows, " +
                            std::to_string(empty) + " for none");
  expect(full % 64 == 0 && full - prelude <= 0xffff, "header length fits format 1.0");
}

/// The one file every input writes, removed when the fuzzer exits.
struct TempPath {
  std::filesystem::path path =
      std::filesystem::temp_directory_path() / ("npy_results_writer_fuzz." + std::to_string(::getpid()) + ".npy");
  ~TempPath() { std::filesystem::remove(path); }
};

const std::filesystem::path& output_path() {
  static const TempPath file;
  return file.path;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider in(data, size);
  // A file the writer creates starts as an empty array, the model's start (an
  // earlier file would be kept until the first result).
  std::filesystem::remove(output_path());
  NpyResultsWriter writer(output_path(), [] {});
  Model model;
  check_file(output_path(), model);
  for (std::uint64_t index = 0; index < 16 && in.remaining_bytes() > 0; ++index) {
    const KernelResult result = fuzzed_result(in);
    const bool accepted = model.accepts(result);
    try {
      writer.write(index, result);
      if (!std::holds_alternative<std::monostate>(result)) {
        expect(accepted, "the writer took a result the format cannot hold");
        model.add(std::get<Value>(result));
      }
    } catch (const BackendError&) {
      expect(!accepted, "the writer refused a result that fits the file");
    }
    check_file(output_path(), model);
  }
  writer.finish();  // a run that ends well: the rows stay, or an empty array if none came
  check_file(output_path(), model);
  check_header_length(in, model);
  return 0;
}

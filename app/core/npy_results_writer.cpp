#include "core/npy_results_writer.hpp"

#include <algorithm>
#include <span>

#include "core/array_view.hpp"
#include "core/errors.hpp"
#include "core/npy_header.hpp"

namespace arrayfeed {
namespace {

/// A result as the bytes of one row: a number is a 0-d row.
struct Row {
  DType dtype;
  std::span<const std::ptrdiff_t> shape;
  const void* data;
  std::size_t size;
};

Row as_row(const Value& value) {
  if (const auto* i = std::get_if<std::int64_t>(&value))
    return {.dtype = dtypes::int64, .shape = {}, .data = i, .size = sizeof *i};
  if (const auto* d = std::get_if<double>(&value))
    return {.dtype = dtypes::float64, .shape = {}, .data = d, .size = sizeof *d};
  // C-contiguous in native order, as a .npy row is: its bytes go as they are.
  const auto& array = std::get<ResultArray>(value);
  return {.dtype = array.dtype(), .shape = array.shape(), .data = array.data(), .size = array.nbytes()};
}

std::string row_text(const DType& dtype, std::span<const std::ptrdiff_t> shape) {
  return dtype.name() + ", shape " + tuple_text(shape);
}

std::string names_text(const NamedValues& values) {
  std::string names;
  for (const auto& value : values) names += (names.empty() ? "" : ", ") + value.name;
  return "named values (" + names + ")";
}

// Text, dates, objects and records have no type string that says all of
// what NumPy needs (units, lengths, fields), so only numbers are written.
bool numeric(const DType& dtype) {
  return std::string_view("biufc").find(dtype.kind) != std::string_view::npos;
}

constexpr std::size_t max_dims = 32;  // NumPy 1.x's limit, the rows' dimension included

}  // namespace

NpyResultsWriter::NpyResultsWriter(const std::filesystem::path& path, const std::function<void()>& on_interrupt)
    : m_path(path), m_rows(path, "--output", on_interrupt, npy_descr(m_dtype)) {}

void NpyResultsWriter::write(std::uint64_t index, const KernelResult& result) {
  if (std::holds_alternative<std::monostate>(result)) return;
  const auto* value = std::get_if<Value>(&result);
  if (!value) refuse(index, names_text(std::get<NamedValues>(result)), contents());
  const Row row = as_row(*value);
  if (!numeric(row.dtype))
    refuse(index, row_text(row.dtype, row.shape), "a .npy output holds bool, int, float or complex numbers");
  if (row.shape.size() >= max_dims)
    refuse(index, row_text(row.dtype, row.shape), "NumPy reads at most 32 dimensions, the rows' included");

  if (m_rows.rows() == 0) {
    m_dtype = row.dtype;
    m_row_shape.assign(row.shape.begin(), row.shape.end());
    m_rows.set_layout(npy_descr(m_dtype), m_row_shape);
  } else if (row.dtype != m_dtype || !std::ranges::equal(row.shape, m_row_shape)) {
    refuse(index, row_text(row.dtype, row.shape), contents());
  }
  m_rows.append(row.data, row.size);
}

void NpyResultsWriter::finish() { m_rows.finish(); }

std::string NpyResultsWriter::contents() const {
  return m_rows.rows() == 0 ? "a .npy output holds numbers or arrays of one dtype and shape"
                            : "the file's " + std::to_string(m_rows.rows()) + " rows are " +
                                  row_text(m_dtype, m_row_shape);
}

void NpyResultsWriter::refuse(std::uint64_t index, const std::string& got, const std::string& holds) const {
  throw BackendError("--output '" + m_path.string() + "': the result for array #" +
                     std::to_string(index + 1) + " is " + got + ", but " + holds +
                     "; use a .jsonl output for results of varying shape or named values");
}

}  // namespace arrayfeed

#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "core/output_file.hpp"

namespace arrayfeed {

/// Rows of one layout appended to a .npy file whose header is rewritten after
/// each row, so numpy.load reads it after every write and a killed run keeps
/// every row (--output's .npy, --timings). An earlier file is replaced only
/// with the first row, as OutputFile promises.
class NpyRows {
 public:
  /// Opens the file as OutputFile does (`flag` names it in messages); one it
  /// creates starts as an empty array of `descr` (NumPy's dtype as a Python
  /// literal, e.g. "'<f8'") and `row_shape`. Throws BackendError if that
  /// cannot be written.
  NpyRows(const std::filesystem::path& path, const std::string& flag, const std::function<void()>& on_interrupt,
          std::string descr, std::vector<std::ptrdiff_t> row_shape = {});

  /// Sets the rows' layout; only before the first row.
  void set_layout(std::string descr, std::vector<std::ptrdiff_t> row_shape);
  /// Appends one row of `size` bytes, then counts it in the header.
  void append(const void* row, std::size_t size);
  /// The run ended well: a file without rows becomes an empty array.
  void finish();
  std::uint64_t rows() const { return m_rows; }

 private:
  void start_rows();  ///< claims the file and makes it an empty array of the layout
  void write_header();

  OutputFile m_file;
  std::string m_descr;
  std::vector<std::ptrdiff_t> m_row_shape;
  std::uint64_t m_rows = 0;
  std::uint64_t m_data_offset = 0;  ///< the header's length, the same for every row count
};

/// Throws UsageError unless `path` could be written as a .npy file of rows:
/// as check_writable, and not a pipe (the header is rewritten after every row).
void check_npy_rows_path(const std::filesystem::path& path, const std::string& flag, const std::string& pipe_fix);

}  // namespace arrayfeed

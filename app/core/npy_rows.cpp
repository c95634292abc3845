#include "core/npy_rows.hpp"

#include "core/errors.hpp"
#include "core/npy_header.hpp"

namespace arrayfeed {

NpyRows::NpyRows(const std::filesystem::path& path, const std::string& flag, const std::function<void()>& on_interrupt,
                 std::string descr, std::vector<std::ptrdiff_t> row_shape)
    : m_file(path, flag, on_interrupt), m_descr(std::move(descr)), m_row_shape(std::move(row_shape)) {
  // Nothing earlier to keep: even a killed run leaves a file numpy.load reads.
  if (m_file.created()) write_header();
}

void NpyRows::set_layout(std::string descr, std::vector<std::ptrdiff_t> row_shape) {
  m_descr = std::move(descr);
  m_row_shape = std::move(row_shape);
}

void NpyRows::append(const void* row, std::size_t size) {
  if (m_rows == 0) start_rows();
  // The row first, then the count: killed in between, the file says one row
  // fewer and NumPy ignores the bytes after the last row it was told of.
  m_file.write_at(row, size, m_data_offset + m_rows * size);
  ++m_rows;
  write_header();
}

void NpyRows::finish() {
  if (m_rows == 0) start_rows();
}

void NpyRows::start_rows() {
  m_file.claim();
  // The empty header before the truncation: cutting a large earlier file
  // takes long enough that a kill in between would leave an empty file,
  // which numpy.load refuses; this way the old rows are a tail it ignores.
  write_header();
  m_file.truncate(m_data_offset);
}

void NpyRows::write_header() {
  // One write of less than a page: a kill leaves the old header or the new one, whole.
  const std::string header = npy_header(m_descr, m_row_shape, m_rows);
  m_file.write_at(header.data(), header.size(), 0);
  m_data_offset = header.size();
}

void check_npy_rows_path(const std::filesystem::path& path, const std::string& flag, const std::string& pipe_fix) {
  check_writable(path, flag);
  using std::filesystem::file_type;
  std::error_code ec;
  const file_type type = std::filesystem::status(path, ec).type();
  if (type == file_type::fifo || type == file_type::socket)
    throw UsageError(flag + " '" + path.string() + "' is a pipe, but a .npy output rewrites its header after "
                     "every row; " + pipe_fix);
}

}  // namespace arrayfeed

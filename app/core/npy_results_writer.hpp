#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "core/dtype.hpp"
#include "core/results_writer.hpp"

namespace arrayfeed {

/// Numbers or arrays of one dtype and shape as the rows of one .npy file that
/// numpy.load reads after every write, so a killed run keeps every row.
class NpyResultsWriter : public ResultsWriter {
 public:
  /// Starts the file as an empty array. Throws UsageError if it cannot be
  /// created, BackendError if it cannot be written.
  explicit NpyResultsWriter(const std::filesystem::path& path);
  ~NpyResultsWriter() override;
  NpyResultsWriter(const NpyResultsWriter&) = delete;
  NpyResultsWriter& operator=(const NpyResultsWriter&) = delete;

  /// The first result fixes the dtype and row shape; a later one that
  /// differs, named values or a non-numeric dtype throw BackendError and
  /// leave the rows before them as they were.
  void write(std::uint64_t index, const KernelResult& result) override;

 private:
  void write_header();
  void write_at(const void* bytes, std::size_t size, std::uint64_t offset);
  [[noreturn]] void fail(int error) const;
  std::string contents() const;  ///< what the file holds, for a refusal
  [[noreturn]] void refuse(std::uint64_t index, const std::string& got, const std::string& holds) const;

  std::filesystem::path m_path;
  int m_fd = -1;
  DType m_dtype = dtypes::float64;  ///< an empty file says float64, as np.save(np.array([])) does
  std::vector<std::ptrdiff_t> m_row_shape;
  std::uint64_t m_rows = 0;
  std::uint64_t m_data_offset = 0;  ///< the header's length, the same for every row count
};

}  // namespace arrayfeed

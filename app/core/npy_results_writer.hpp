#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "core/dtype.hpp"
#include "core/npy_rows.hpp"
#include "core/results_writer.hpp"

namespace arrayfeed {

/// Numbers or arrays of one dtype and shape as the rows of one .npy file that
/// numpy.load reads after every write, so a killed run keeps every row.
class NpyResultsWriter : public ResultsWriter {
 public:
  /// Opens the file as OutputFile does; one it creates starts as an empty
  /// array. Throws BackendError if that cannot be written.
  NpyResultsWriter(const std::filesystem::path& path, const std::function<void()>& on_interrupt);

  /// The first result fixes the dtype and row shape; a later one that
  /// differs, named values or a non-numeric dtype throw BackendError and
  /// leave the rows before them as they were.
  void write(std::uint64_t index, const KernelResult& result) override;
  void finish() override;

 private:
  std::string contents() const;  ///< what the file holds, for a refusal
  [[noreturn]] void refuse(std::uint64_t index, const std::string& got, const std::string& holds) const;

  std::filesystem::path m_path;
  DType m_dtype = dtypes::float64;  ///< an empty file says float64, as np.save(np.array([])) does
  std::vector<std::ptrdiff_t> m_row_shape;
  NpyRows m_rows;
};

}  // namespace arrayfeed

#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>

#include "core/npy_rows.hpp"

namespace arrayfeed {

/// One array's times, one row of --timings: the fields of the file's dtype, in order.
struct ArrayTimes {
  std::uint64_t index = 0;  ///< the array's number, from 0
  double yielded_s = 0;     ///< when the script yielded it, in seconds since the loop started
  double script_s = 0;      ///< making it (in the generator)
  double host_s = 0;        ///< from its arrival to its result recorded, outside the kernel
  double kernel_s = 0;      ///< its kernel call
  double latency_s = 0;     ///< host + kernel, as the summary's latency percentiles count it
};

/// The --timings file: one row per array as the run goes, a .npy that
/// numpy.load reads after every row, so a killed run keeps every row.
class TimingsWriter {
 public:
  /// The file's dtype as a .npy header's descr.
  static constexpr const char* kDescr =
      "[('index', '<u8'), ('yielded_s', '<f8'), ('script_s', '<f8'), ('host_s', '<f8'), ('kernel_s', '<f8'), "
      "('latency_s', '<f8')]";

  /// Opens the file as OutputFile does; check_timings_path first (JobSetup does).
  TimingsWriter(const std::filesystem::path& path, const std::function<void()>& on_interrupt);

  /// Appends one row and flushes it to the operating system; throws BackendError naming the file.
  void write(const ArrayTimes& times) { m_rows.append(&times, sizeof times); }
  /// The run ended well: one without arrays leaves an empty table.
  void finish() { m_rows.finish(); }

 private:
  NpyRows m_rows;
};

/// Throws UsageError unless `path` ends in .npy and could be written (see check_npy_rows_path).
void check_timings_path(const std::filesystem::path& path);

}  // namespace arrayfeed

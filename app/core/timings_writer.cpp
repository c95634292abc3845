#include "core/timings_writer.hpp"

#include <bit>

#include "core/errors.hpp"

namespace arrayfeed {

// The row is written as it lies in memory: six 8-byte fields, no padding,
// little-endian as the descr says.
static_assert(sizeof(ArrayTimes) == 48 && std::endian::native == std::endian::little);

TimingsWriter::TimingsWriter(const std::filesystem::path& path, const std::function<void()>& on_interrupt)
    : m_rows(path, "--timings", on_interrupt, kDescr) {}

void check_timings_path(const std::filesystem::path& path) {
  if (path.extension() != ".npy")
    throw UsageError("--timings '" + path.string() + "': the timings are a .npy table (one row per array); give a "
                     "name ending in .npy, e.g. '" + path.stem().string() + ".npy'");
  check_npy_rows_path(path, "--timings", "write the .npy to a file");
}

}  // namespace arrayfeed

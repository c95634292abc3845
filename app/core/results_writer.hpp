#pragma once

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

#include "core/kernel_result.hpp"

namespace arrayfeed {

/// Where kernel results go as they are produced (--output).
class ResultsWriter {
 public:
  virtual ~ResultsWriter() = default;
  /// Writes the result of the array numbered `index` (from 0) and flushes it
  /// to the operating system, so a kill loses nothing written before.
  virtual void write(std::uint64_t index, const KernelResult& result) = 0;
};

/// One JSON object per line: {"index": i, "value": x} or {"index": i, "name": x, ...}.
class JsonlResultsWriter : public ResultsWriter {
 public:
  /// Throws UsageError if the file cannot be created.
  explicit JsonlResultsWriter(const std::filesystem::path& path);
  void write(std::uint64_t index, const KernelResult& result) override;

 private:
  std::filesystem::path m_path;
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> m_file;
  std::string m_line;  ///< reused so a line costs no allocation once warm
};

/// The --output formats, chosen by the file's extension.
enum class ResultsFormat { npy, jsonl };

/// The format of `path`; throws UsageError for an extension no writer handles.
ResultsFormat results_format(const std::filesystem::path& path);

/// Throws UsageError unless `path` has a supported format and could be
/// written: an existing writable file, or a new one in a writable folder.
/// Touches nothing, so a run that fails before its first result leaves an
/// earlier run's results as they were.
void check_results_path(const std::filesystem::path& path);

/// The writer for `path`, chosen by its extension (.npy or .jsonl). Throws
/// UsageError for an extension no writer handles.
std::unique_ptr<ResultsWriter> open_results_writer(const std::filesystem::path& path);

}  // namespace arrayfeed

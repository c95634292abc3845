#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "core/kernel_result.hpp"
#include "core/output_file.hpp"

namespace arrayfeed {

/// Where kernel results go as they are produced (--output). An earlier
/// run's file is replaced only by the first result: a run that fails or is
/// stopped before it leaves that file as it was (see OutputFile).
class ResultsWriter {
 public:
  virtual ~ResultsWriter() = default;
  /// Writes the result of the array numbered `index` (from 0) and flushes it
  /// to the operating system, so a kill loses nothing written before.
  virtual void write(std::uint64_t index, const KernelResult& result) = 0;
  /// The run ended well: one without results leaves an empty output.
  virtual void finish() = 0;
};

/// One JSON object per line: {"index": i, "value": x} or {"index": i, "name": x, ...};
/// with a rank, {"index": i, "rank": r, ...} (one of several ranks' files).
class JsonlResultsWriter : public ResultsWriter {
 public:
  /// Opens the file as OutputFile does.
  JsonlResultsWriter(const std::filesystem::path& path, const std::function<void()>& on_interrupt,
                     std::optional<int> rank = std::nullopt);
  void write(std::uint64_t index, const KernelResult& result) override;
  void finish() override;

 private:
  void start();  ///< claims the file and empties it, once

  void refuse_reserved_names(const NamedValues& named) const;

  std::filesystem::path m_path;
  OutputFile m_file;
  std::optional<int> m_rank;
  std::string m_line;  ///< reused so a line costs no allocation once warm
};

/// The --output formats, chosen by the file's extension.
enum class ResultsFormat { npy, jsonl };

/// The format of `path`; throws UsageError for an extension no writer handles.
ResultsFormat results_format(const std::filesystem::path& path);

/// Throws UsageError unless `path` has a supported format and could be
/// written: an existing writable file (a .npy one seekable, not a pipe), or a
/// new one in a writable folder. Touches nothing.
void check_results_path(const std::filesystem::path& path);

/// The writer for `path`, chosen by its extension (.npy or .jsonl), after
/// check_results_path. Throws UsageError for an extension no writer handles,
/// a file that cannot be opened or one another run is writing; see
/// OutputFile for `on_interrupt`. A .jsonl file's lines carry `rank` when given.
std::unique_ptr<ResultsWriter> open_results_writer(const std::filesystem::path& path,
                                                   const std::function<void()>& on_interrupt = [] {},
                                                   std::optional<int> rank = std::nullopt);

}  // namespace arrayfeed

#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

namespace arrayfeed {

/// A file this run writes (--output, --metrics), opened when the run starts
/// without touching its contents and locked against other runs: an earlier
/// run's file stays byte-identical until this run claims it.
class OutputFile {
 public:
  /// Opens or creates `path` close-on-exec, without truncating it, and locks
  /// it if it is a regular file; "-" is the standard output, as a stream; `flag` names it in messages ("--output").
  /// `on_interrupt` runs when a signal interrupts the open (a FIFO waits for
  /// its reader) and may throw to end the run. Throws UsageError if the file
  /// cannot be opened or another process holds its lock.
  OutputFile(std::filesystem::path path, std::string flag, const std::function<void()>& on_interrupt);
  /// Removes the file if this run created it and never claimed it.
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  bool created() const { return m_created; }
  bool claimed() const { return m_claimed; }
  /// From now on the contents are this run's: the file stays, whatever happens.
  void claim() { m_claimed = true; }
  /// Cuts a regular file to `size` bytes (a pipe or device has none to cut).
  void truncate(std::uint64_t size);
  /// Writes all of `bytes` at `offset`; throws BackendError naming the file.
  void write_at(const void* bytes, std::size_t size, std::uint64_t offset) const;
  /// Writes all of `bytes` after what was appended before, or none: a write
  /// that fails midway is cut back off, so the file never ends in part of a
  /// record. Throws BackendError naming the file.
  void append(std::string_view bytes);
  /// Claims the file and makes `text` its whole contents.
  void replace_with(std::string_view text);

 private:
  [[noreturn]] void fail(int error) const;

  std::filesystem::path m_path;
  std::string m_flag;
  int m_fd = -1;
  bool m_regular = false;
  bool m_created = false;
  bool m_claimed = false;
  std::uint64_t m_end = 0;  ///< where the next append goes: the file's end, for a regular file
};

/// "-": the standard output (--output -).
bool is_standard_output(const std::filesystem::path& path);

/// Throws UsageError ("cannot create FLAG file 'path': why") unless `path`
/// could be opened for writing: an existing file that is not a directory and
/// that this process may write, or a new one in a folder it may write.
/// Touches nothing.
void check_writable(const std::filesystem::path& path, const std::string& flag);

}  // namespace arrayfeed

#include "core/output_file.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

#include "core/errors.hpp"

namespace arrayfeed {
namespace {

/// The pid holding the flock on the file `id`, from /proc/locks ("1: FLOCK
/// ADVISORY WRITE 123 fe:00:4567 0 EOF"), as " (pid 123)"; empty if unknown.
std::string lock_holder(const struct stat& id) {
  std::ifstream locks("/proc/locks");
  for (std::string line; std::getline(locks, line);) {
    std::istringstream fields(line);
    std::string number, kind, mode, access, pid, file;
    fields >> number >> kind >> mode >> access >> pid >> file;
    unsigned maj = 0, min = 0;
    unsigned long ino = 0;
    if (kind == "FLOCK" && std::sscanf(file.c_str(), "%x:%x:%lu", &maj, &min, &ino) == 3 &&
        maj == major(id.st_dev) && min == minor(id.st_dev) && ino == id.st_ino)
      return " (pid " + pid + ")";
  }
  return {};
}

}  // namespace

OutputFile::OutputFile(std::filesystem::path path, std::string flag, const std::function<void()>& on_interrupt)
    : m_path(std::move(path)), m_flag(std::move(flag)) {
  if (is_standard_output(m_path)) {
    // A stream, whatever stdout leads to: `>> log` is appended to, never cut.
    m_fd = ::fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 0);
    if (m_fd < 0) throw UsageError("cannot write " + m_flag + " to the standard output: " + std::strerror(errno));
    return;
  }
  while (m_fd < 0) {
    on_interrupt();  // a stop that came before a FIFO's open would otherwise wait for a reader
    m_fd = ::open(m_path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    m_created = m_fd >= 0;
    if (m_fd < 0 && errno == EEXIST) m_fd = ::open(m_path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0666);
    if (m_fd < 0 && errno != EINTR)
      throw UsageError("cannot create " + m_flag + " file '" + m_path.string() + "': " + std::strerror(errno));
  }
  struct stat file {};
  m_regular = ::fstat(m_fd, &file) == 0 && S_ISREG(file.st_mode);
  // Pipes and devices are not locked: two runs may share /dev/null. Where
  // locks are not supported (some network file systems) the run goes on.
  if (m_regular && ::flock(m_fd, LOCK_EX | LOCK_NB) != 0 && errno == EWOULDBLOCK) {
    ::close(m_fd);  // not removed even if created: it is the lock holder's file now
    throw UsageError(m_flag + " '" + m_path.string() + "' is being written by another run" + lock_holder(file) +
                     "; wait for it to end, or choose another path");
  }
}

OutputFile::~OutputFile() {
  struct stat own {}, named {};
  // Only if the name still leads to this file: never remove one put in its place.
  if (m_created && !m_claimed && ::fstat(m_fd, &own) == 0 && ::stat(m_path.c_str(), &named) == 0 &&
      own.st_dev == named.st_dev && own.st_ino == named.st_ino)
    ::unlink(m_path.c_str());
  ::close(m_fd);
}

void OutputFile::truncate(std::uint64_t size) {
  if (!m_regular) return;
  if (::ftruncate(m_fd, static_cast<off_t>(size)) != 0 || ::lseek(m_fd, static_cast<off_t>(size), SEEK_SET) < 0)
    fail(errno);
  m_end = size;
}

void OutputFile::write_at(const void* bytes, std::size_t size, std::uint64_t offset) const {
  const char* at = static_cast<const char*>(bytes);
  while (size > 0) {
    const ssize_t written = ::pwrite(m_fd, at, size, static_cast<off_t>(offset));
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) fail(written < 0 ? errno : EIO);
    at += written;
    size -= static_cast<std::size_t>(written);
    offset += static_cast<std::uint64_t>(written);
  }
}

void OutputFile::append(std::string_view bytes) {
  const std::uint64_t start = m_end;
  while (!bytes.empty()) {
    const ssize_t written = ::write(m_fd, bytes.data(), bytes.size());
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) {
      const int error = written < 0 ? errno : EIO;
      if (m_regular && ::ftruncate(m_fd, static_cast<off_t>(start)) == 0)
        ::lseek(m_fd, static_cast<off_t>(start), SEEK_SET);
      m_end = start;
      fail(error);
    }
    bytes.remove_prefix(static_cast<std::size_t>(written));
    m_end += static_cast<std::uint64_t>(written);
  }
}

void OutputFile::replace_with(std::string_view text) {
  claim();
  truncate(0);
  append(text);
}

void OutputFile::fail(int error) const {
  if (is_standard_output(m_path) && error == EPIPE)
    throw BackendError("writing " + m_flag + " to the standard output failed: its reader closed it (as `| head` "
                       "does); every result before was written");
  throw BackendError("writing " + m_flag + " file '" + m_path.string() + "' failed: " + std::strerror(error));
}

bool is_standard_output(const std::filesystem::path& path) { return path == "-"; }

void check_writable(const std::filesystem::path& path, const std::string& flag) {
  if (is_standard_output(path)) return;
  std::error_code ec;
  const bool exists = std::filesystem::exists(path, ec);
  if (exists && std::filesystem::is_directory(path, ec))
    throw UsageError("cannot create " + flag + " file '" + path.string() + "': it is a directory");
  const std::filesystem::path folder = path.has_parent_path() ? path.parent_path() : ".";
  const bool writable = exists ? ::access(path.c_str(), W_OK) == 0 : ::access(folder.c_str(), W_OK | X_OK) == 0;
  if (!writable)
    throw UsageError("cannot create " + flag + " file '" + path.string() + "': " + std::strerror(errno));
}

}  // namespace arrayfeed

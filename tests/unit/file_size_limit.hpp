#pragma once

#include <signal.h>
#include <sys/resource.h>

/// Limits the size of files this process writes, and lets a write past it fail with EFBIG.
class FileSizeLimit {
 public:
  explicit FileSizeLimit(rlim_t bytes) {
    getrlimit(RLIMIT_FSIZE, &m_saved);
    m_saved_handler = signal(SIGXFSZ, SIG_IGN);
    const rlimit limit{bytes, m_saved.rlim_max};
    setrlimit(RLIMIT_FSIZE, &limit);
  }
  ~FileSizeLimit() {
    setrlimit(RLIMIT_FSIZE, &m_saved);
    signal(SIGXFSZ, m_saved_handler);
  }

 private:
  rlimit m_saved{};
  sighandler_t m_saved_handler;
};

/* See backend_io.h. */
#define _POSIX_C_SOURCE 200809L
#include "backend_io.h"

#include <errno.h>
#include <unistd.h>

int read_all(int fd, void* data, size_t size) {
  char* at = data;
  size_t done = 0;
  while (done < size) {
    const ssize_t n = read(fd, at + done, size - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return -1;
    if (n == 0) return done == 0 ? 0 : -1;
    done += (size_t)n;
  }
  return 1;
}

int write_all(int fd, const void* data, size_t size) {
  const char* at = data;
  size_t done = 0;
  while (done < size) {
    const ssize_t n = write(fd, at + done, size - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return -1;
    done += (size_t)n;
  }
  return 0;
}

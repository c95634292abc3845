/* Whole reads and writes on file descriptors, retried on short counts and EINTR. */
#ifndef BENCH_BACKEND_IO_H
#define BENCH_BACKEND_IO_H

#include <stddef.h>

/* 1: all `size` bytes read; 0: end of input before the first byte; -1: an error
 * or end of input part-way. */
int read_all(int fd, void* data, size_t size);
/* 0: all written; -1: an error. */
int write_all(int fd, const void* data, size_t size);

#endif /* BENCH_BACKEND_IO_H */

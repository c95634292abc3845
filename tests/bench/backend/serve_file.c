/* The workaround arrayfeed replaces: a new process per array, which re-does
 * its init, reads the array from a file and writes the sum to another. */
#define _POSIX_C_SOURCE 200809L
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "backend_io.h"
#include "backend_modes.h"
#include "bench_kernel.h"

static int read_file(const char* path, float** values, int64_t* n) {
  const int fd = open(path, O_RDONLY);
  struct stat info;
  if (fd < 0 || fstat(fd, &info) != 0) return -1;
  *n = (int64_t)info.st_size / (int64_t)sizeof(float);
  *values = malloc((size_t)info.st_size + 1);
  const int status = *values && read_all(fd, *values, (size_t)info.st_size) >= 0 ? 0 : -1;
  close(fd);
  return status;
}

static int write_file(const char* path, double value) {
  const int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) return -1;
  const int status = write_all(fd, &value, sizeof value);
  return close(fd) == 0 ? status : -1;
}

int serve_file(const backend_args* args) {
  if (args->argc != 2) {
    fprintf(stderr, "usage: bench_backend file IN OUT\n");
    return 2;
  }
  bench_state state;
  float* values = NULL;
  int64_t n = 0;
  if (bench_init(&state, args->table_mb) != 0) {
    fprintf(stderr, "bench_backend: no memory for the table\n");
    return 1;
  }
  int status = read_file(args->argv[0], &values, &n);
  if (status == 0) status = write_file(args->argv[1], bench_sum(values, n));
  if (status != 0) perror("bench_backend file");
  free(values);
  bench_free(&state);
  return status == 0 ? 0 : 1;
}

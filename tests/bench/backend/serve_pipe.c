/* A persistent backend fed through a pipe: init once, then per request
 * (int64 n, then n float32 on stdin) the double sum on stdout. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "backend_io.h"
#include "backend_modes.h"
#include "bench_kernel.h"

/* Reads requests until end of input; 0 then, -1 on a broken request or reply
 * (a negative n included). */
static int serve(void) {
  float* values = NULL;
  int64_t capacity = 0, n = 0;
  int status;
  while ((status = read_all(STDIN_FILENO, &n, sizeof n)) == 1) {
    if (n < 0) break;
    if (n > capacity) {
      free(values);
      values = malloc((size_t)n * sizeof(float));
      capacity = values ? n : 0;
      if (!values) break;
    }
    if (read_all(STDIN_FILENO, values, (size_t)n * sizeof(float)) != 1) break;
    const double sum = bench_sum(values, n);
    if (write_all(STDOUT_FILENO, &sum, sizeof sum) != 0) break;
  }
  free(values);
  return status == 0 ? 0 : -1;
}

int serve_pipe(const backend_args* args) {
  bench_state state;
  if (bench_init(&state, args->table_mb) != 0) {
    fprintf(stderr, "bench_backend: no memory for the table\n");
    return 1;
  }
  const char ready = 'r';
  const int status = write_all(STDOUT_FILENO, &ready, 1) == 0 ? serve() : -1;
  if (status != 0) fprintf(stderr, "bench_backend pipe: a request or reply broke off\n");
  bench_free(&state);
  return status == 0 ? 0 : 1;
}

/* bench_backend MODE [--table-mb M] ARGS...: the benchmark's backend process
 * (see backend_modes.h for the modes). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend_modes.h"
#include "bench_kernel.h"

typedef int (*mode_fn)(const backend_args*);

static mode_fn find_mode(const char* name) {
  if (strcmp(name, "file") == 0) return serve_file;
  if (strcmp(name, "pipe") == 0) return serve_pipe;
  if (strcmp(name, "shm") == 0) return serve_shm;
  if (strcmp(name, "time") == 0) return time_kernel;
  return NULL;
}

int main(int argc, char** argv) {
  mode_fn mode = argc > 1 ? find_mode(argv[1]) : NULL;
  backend_args args = {BENCH_DEFAULT_TABLE_MB, argc - 2, argv + 2};
  if (!mode) {
    fprintf(stderr, "usage: bench_backend file|pipe|shm|time [--table-mb M] ARGS...\n");
    return 2;
  }
  if (args.argc >= 2 && strcmp(args.argv[0], "--table-mb") == 0) {
    args.table_mb = (size_t)atoll(args.argv[1]);
    args.argc -= 2;
    args.argv += 2;
  }
  return mode(&args);
}

/* The ways bench_backend serves the kernel, one per approach that runs it in
 * its own process, plus the bare-kernel timer. Each returns the process's exit
 * status and prints its reason on stderr when it fails. */
#ifndef BENCH_BACKEND_MODES_H
#define BENCH_BACKEND_MODES_H

#include <stddef.h>

/* What every mode gets from the command line. */
typedef struct backend_args {
  size_t table_mb; /* --table-mb: the size of the table init builds */
  int argc;        /* the mode's own arguments */
  char** argv;
} backend_args;

/* file IN OUT: init, sum the raw float32 file IN, write the double to OUT, exit
 * (the workaround: one process start, one init and two files per array). */
int serve_file(const backend_args* args);

/* pipe: init, write one byte to stdout, then per request on stdin (int64 n,
 * then n float32) write the double sum to stdout, until end of input. */
int serve_pipe(const backend_args* args);

/* shm PATH SLOTS SLOT_VALUES: init, map PATH (see shm_layout.h), then serve
 * requests flagged in its header until the stop flag. */
int serve_shm(const backend_args* args);

/* time SIZE PASSES SECONDS CALLS_PER_WINDOW: the bare kernel timed in C over
 * arrays of SIZE values just filled, for about SECONDS (5 windows at least);
 * prints JSON {"ns_per_call": [...]}, one figure per window, on stdout. */
int time_kernel(const backend_args* args);

#endif /* BENCH_BACKEND_MODES_H */

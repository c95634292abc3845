/* The bare-kernel baseline: the sum timed in C, by windows of calls like
 * every approach's figures. Arrays of REFILL_VALUES or more are taken in turn
 * from a pool of POOL arrays, each filled just before its (timed) call, as the
 * generator leaves them for every approach; smaller ones stay in the cache
 * anyway, so one array is filled once per window and the window's calls are
 * timed back to back (the clock's own cost would weigh on a single call). */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>

#include "backend_modes.h"
#include "bench_kernel.h"

enum { POOL = 8 /* generation.py's POOL */, MIN_SAMPLES = 5, MAX_SAMPLES = 100000, REFILL_VALUES = 65536 };

static volatile double sink; /* keeps the sums observable */

static void fill(float* x, int64_t n, float value) {
  for (int64_t i = 0; i < n; ++i) x[i] = value;
}

/* ns per call over a window of `calls` calls on one array in the cache. */
static double window_in_cache(float* x, int64_t n, int passes, int64_t calls) {
  double sum = 0;
  fill(x, n, 1.0f);
  const int64_t start = bench_now_ns();
  for (int64_t c = 0; c < calls; ++c) sum += bench_sum_passes(x, n, passes);
  const int64_t end = bench_now_ns();
  sink = sum;
  return (double)(end - start) / (double)calls;
}

/* ns per call over a window of `calls` calls, each on the next array of the
 * pool, filled just before it. */
static double window_refilled(float* pool, int64_t n, int passes, int64_t calls) {
  int64_t timed = 0;
  double sum = 0;
  for (int64_t c = 0; c < calls; ++c) {
    float* x = pool + (c % POOL) * n;
    fill(x, n, 1.0f + 0.25f * (float)(c % 16));
    const int64_t start = bench_now_ns();
    sum += bench_sum_passes(x, n, passes);
    timed += bench_now_ns() - start;
  }
  sink = sum;
  return (double)timed / (double)calls;
}

int time_kernel(const backend_args* args) {
  if (args->argc != 4) {
    fprintf(stderr, "usage: bench_backend time SIZE PASSES SECONDS CALLS_PER_WINDOW\n");
    return 2;
  }
  const int64_t n = atoll(args->argv[0]) > 0 ? atoll(args->argv[0]) : 1;
  const int passes = atoi(args->argv[1]);
  const int64_t budget_ns = (int64_t)(atof(args->argv[2]) * 1e9);
  const int64_t calls = atoll(args->argv[3]);
  float* pool = malloc((size_t)(POOL * n) * sizeof(float));
  if (!pool || passes < 1 || calls < 1) {
    fprintf(stderr, "bench_backend time: bad passes or calls, or no memory\n");
    return 1;
  }
  const int64_t start = bench_now_ns();
  printf("{\"ns_per_call\": [");
  for (int s = 0; s < MAX_SAMPLES && (s < MIN_SAMPLES || bench_now_ns() - start < budget_ns); ++s)
    printf("%s%.3f", s ? ", " : "",
           n < REFILL_VALUES ? window_in_cache(pool, n, passes, calls) : window_refilled(pool, n, passes, calls));
  printf("]}\n");
  free(pool);
  return 0;
}

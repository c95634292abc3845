/* The bare-kernel baseline: the sum timed in C on an array just filled, taken
 * in turn from a pool of POOL arrays, as the generator leaves them for every
 * approach (at 10^6 values the pool is larger than the caches and the TLB, and
 * that costs the kernel as much in C as anywhere). Small arrays are timed in
 * batches of calls, so that the clock's own cost does not count. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>

#include "backend_modes.h"
#include "bench_kernel.h"

enum { POOL = 8 /* generation.py's POOL */, MIN_SAMPLES = 5, MAX_SAMPLES = 100000, BATCH_VALUES = 100000 };

static volatile double sink; /* keeps the sums observable */

/* ns per call of one batch of `calls` sums of x, after filling x. */
static double sample(float* x, int64_t n, int passes, int64_t calls, float value) {
  for (int64_t i = 0; i < n; ++i) x[i] = value;
  const int64_t start = bench_now_ns();
  double sum = 0;
  for (int64_t c = 0; c < calls; ++c) sum += bench_sum_passes(x, n, passes);
  const int64_t end = bench_now_ns();
  sink = sum;
  return (double)(end - start) / (double)calls;
}

int time_kernel(const backend_args* args) {
  if (args->argc != 3) {
    fprintf(stderr, "usage: bench_backend time SIZE PASSES SECONDS\n");
    return 2;
  }
  const int64_t n = atoll(args->argv[0]);
  const int passes = atoi(args->argv[1]);
  const int64_t budget_ns = (int64_t)(atof(args->argv[2]) * 1e9);
  const int64_t calls = n >= BATCH_VALUES ? 1 : (BATCH_VALUES + n - 1) / (n > 0 ? n : 1);
  const int64_t slot = n > 0 ? n : 1;
  float* pool = malloc((size_t)(POOL * slot) * sizeof(float));
  if (!pool || passes < 1) {
    fprintf(stderr, "bench_backend time: bad size or passes, or no memory\n");
    return 1;
  }
  const int64_t start = bench_now_ns();
  printf("{\"ns_per_call\": [");
  for (int s = 0; s < MAX_SAMPLES && (s < MIN_SAMPLES || bench_now_ns() - start < budget_ns); ++s)
    printf("%s%.3f", s ? ", " : "", sample(pool + (s % POOL) * slot, n, passes, calls, 1.0f + 0.25f * (float)(s % 16)));
  printf("]}\n");
  free(pool);
  return 0;
}

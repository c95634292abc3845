/* See bench_kernel.h. */
#define _POSIX_C_SOURCE 200809L
#include "bench_kernel.h"

#include <stdlib.h>
#include <time.h>

int bench_init(bench_state* state, size_t megabytes) {
  state->values = megabytes * 1000 * 1000 / sizeof(double);
  state->table = malloc(state->values * sizeof(double) + 1); /* + 1: never malloc(0) */
  state->checksum = 0;
  if (!state->table) return -1;
  /* A cheap function of i, written to every element: every page is touched. */
  uint64_t h = 0x9e3779b97f4a7c15u;
  for (size_t i = 0; i < state->values; ++i) {
    h ^= h << 13;
    h ^= h >> 7;
    h ^= h << 17;
    state->table[i] = (double)(h >> 11) * 0x1.0p-53;
  }
  for (size_t i = 0; i < state->values; i += 4096 / sizeof(double)) state->checksum += state->table[i];
  return 0;
}

void bench_free(bench_state* state) {
  free(state->table);
  state->table = NULL;
}

/* Eight independent accumulators, so that the compiler may vectorise without
 * reassociating one long chain (no -ffast-math needed). */
double bench_sum(const float* x, int64_t n) {
  double acc[8] = {0};
  int64_t i = 0;
  for (; i + 8 <= n; i += 8)
    for (int k = 0; k < 8; ++k) acc[k] += (double)x[i + k];
  for (; i < n; ++i) acc[0] += (double)x[i];
  return ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7]));
}

double bench_sum_passes(const float* x, int64_t n, int passes) {
  double sum = 0;
  for (int p = 0; p < passes; ++p) {
    sum = bench_sum(x, n);
    __asm__ volatile("" ::: "memory"); /* each pass reads the array again */
  }
  return sum;
}

int64_t bench_now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

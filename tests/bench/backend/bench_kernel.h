/* The benchmark's backend: one C kernel (the sum of a float32 array, accumulated
 * in double) and the expensive one-time set-up a real backend has (a large
 * table built at init, every page touched). Every approach in tests/bench
 * calls exactly these functions: the file and pipe and shared-memory backends
 * (bench_backend), Python through ctypes (libbench_kernel.so) and arrayfeed
 * (the bench_sum plugin). */
#ifndef BENCH_KERNEL_H
#define BENCH_KERNEL_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The table size when nothing else is asked for: 200 MB, over 100 ms to build. */
#define BENCH_DEFAULT_TABLE_MB 200

/* What init builds: kept until bench_free, so the work cannot be skipped. */
typedef struct bench_state {
  double* table;
  size_t values;
  double checksum; /* of the table, so that building it has an observable result */
} bench_state;

/* Builds a table of `megabytes` MB, writing every page. 0 on success, -1 if
 * memory ran out. */
int bench_init(bench_state* state, size_t megabytes);
void bench_free(bench_state* state);

/* The kernel: the sum of x[0..n) in double. */
double bench_sum(const float* x, int64_t n);

/* The kernel run `passes` times over the same array (a costlier kernel for
 * the prefetch case); returns the sum of one pass. */
double bench_sum_passes(const float* x, int64_t n, int passes);

/* CLOCK_MONOTONIC in nanoseconds. */
int64_t bench_now_ns(void);

#ifdef __cplusplus
}
#endif

#endif /* BENCH_KERNEL_H */

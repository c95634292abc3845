/* bench_sum: the benchmark's kernel as an arrayfeed plugin. It does the same
 * expensive init as every other backend of the benchmark, and per array the
 * same C sum (float32 in, double sum back into the generator).
 *
 * Parameters: table_mb (default 200), passes (default 1: how many times the
 * sum runs over each array, for a kernel as costly as the generation). */
#include <arrayfeed/plugin.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_kernel.h"

typedef struct plugin_state {
  bench_state backend;
  int passes;
  int64_t arrays;
  double total; /* of the sums: the driver checks it against what was generated */
} plugin_state;

static long long param(const af_init_args* args, const char* key, long long fallback) {
  for (size_t i = 0; i < args->n_params; ++i)
    if (strcmp(args->params[i].key, key) == 0) return atoll(args->params[i].value);
  return fallback;
}

static int sum_init(const af_init_args* args, void** state, char* error, size_t error_size) {
  plugin_state* s = calloc(1, sizeof *s);
  const long long table_mb = param(args, "table_mb", BENCH_DEFAULT_TABLE_MB);
  if (s) s->passes = (int)param(args, "passes", 1);
  if (!s || table_mb < 0 || s->passes < 1 || bench_init(&s->backend, (size_t)table_mb) != 0) {
    snprintf(error, error_size, "no memory for the table, or table_mb < 0, or passes < 1");
    free(s);
    return AF_ERROR;
  }
  *state = s;
  return AF_OK;
}

static int sum_process(void* state, const af_array* input, af_output* result, char* error,
                       size_t error_size) {
  plugin_state* s = state;
  int64_t n = 1;
  for (int32_t d = 0; d < input->ndim; ++d) n *= input->shape[d];
  const double sum = bench_sum_passes(input->data, n, s->passes);
  s->arrays += 1;
  s->total += sum;
  if (af_set_float(result, NULL, sum) == AF_OK) return AF_OK;
  snprintf(error, error_size, "could not set the result");
  return AF_ERROR;
}

static int sum_finish(void* state, af_output* summary, char* error, size_t error_size) {
  plugin_state* s = state;
  int status = af_set_int(summary, "arrays", s->arrays);
  if (status == AF_OK) status = af_set_float(summary, "total", s->total);
  if (status == AF_OK) status = af_set_float(summary, "table_checksum", s->backend.checksum);
  bench_free(&s->backend);
  free(s);
  if (status != AF_OK) snprintf(error, error_size, "could not report the summary");
  return status;
}

static const int32_t float32_only[] = {AF_FLOAT32};

const af_plugin arrayfeed_plugin = {
    .abi_version = AF_ABI_VERSION,
    .name = "bench_sum",
    .description = "the benchmark's kernel: sum of float32 values in double, after a table init",
    .dtypes = float32_only,
    .n_dtypes = 1,
    .min_ndim = 0,
    .max_ndim = 32,
    .strided_ok = 0,
    .thread_safe = 0, /* arrays and total are plain counters */
    .init = sum_init,
    .process = sum_process,
    .finish = sum_finish,
};

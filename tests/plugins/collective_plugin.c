/* An ABI 2.1 plugin for the tests of ranks (tests/e2e/test_ranks.py).
 *   ranked_sum  collective; input x (float64, 1-d). Each step's result is
 *               {local: this rank's sum of x, total: the sum over the ranks,
 *               rank, size}; finish reports the calls of every rank summed.
 *               --set reduce_in=init makes init reduce (which is refused),
 *               reduce_in=init_ignored the same, going on as if it worked;
 *               --set fail_finish_rank=N fails finish on rank N before it
 *               reduces (the others would wait for it).
 *   loose_sum   the same, but not flagged collective: its allreduce in
 *               process is refused; loose_parallel_sum also thread-safe. */
#include <arrayfeed/arrayfeed.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  const afeed_host* host;
  int32_t rank, size;
  int64_t calls;
  int32_t fail_finish_rank;
} ranked_state;

static const int32_t float64_only[] = {AFEED_FLOAT64};
static const afeed_input x_input[] = {{.struct_size = sizeof(afeed_input), .name = "x", .dtypes = float64_only,
                                       .n_dtypes = 1, .min_ndim = 1, .max_ndim = 1}};

static const char* param(const afeed_init_args* args, const char* key) {
  for (size_t i = 0; i < args->n_params; ++i)
    if (strcmp(args->params[i].key, key) == 0) return args->params[i].value;
  return NULL;
}

static int ranked_init(const afeed_init_args* args, void** state, char* error, size_t error_size) {
  const char* reduce_in = param(args, "reduce_in");
  if (reduce_in && strncmp(reduce_in, "init", 4) == 0) {
    double early = 1;
    if (afeed_allreduce(args->host, &early, 1, AFEED_FLOAT64, AFEED_REDUCE_SUM) != AFEED_OK &&
        strcmp(reduce_in, "init_ignored") != 0) {
      snprintf(error, error_size, "could not reduce in init");
      return AFEED_ERROR;
    }
  }
  ranked_state* s = calloc(1, sizeof *s);
  if (!s) return AFEED_ERROR;
  s->host = args->host;
  s->fail_finish_rank = param(args, "fail_finish_rank") ? atoi(param(args, "fail_finish_rank")) : -1;
  s->rank = afeed_rank(args);
  s->size = afeed_size(args);
  *state = s;
  return AFEED_OK;
}

static int ranked_process(void* state, const afeed_array* const* inputs, uint32_t n_inputs, afeed_output* result,
                          char* error, size_t error_size) {
  (void)n_inputs;
  ranked_state* s = state;
  const double* x = inputs[0]->data;
  double sums[2] = {0, 0};
  for (int64_t i = 0; i < inputs[0]->shape[0]; ++i) sums[0] += x[i];
  sums[1] = sums[0];
  if (afeed_allreduce(s->host, &sums[1], 1, AFEED_FLOAT64, AFEED_REDUCE_SUM) != AFEED_OK) {
    snprintf(error, error_size, "allreduce failed");
    return AFEED_ERROR;
  }
  ++s->calls;
  afeed_set_float(result, "local", sums[0]);
  afeed_set_float(result, "total", sums[1]);
  afeed_set_int(result, "rank", s->rank);
  afeed_set_int(result, "size", s->size);
  return AFEED_OK;
}

static int ranked_finish(void* state, afeed_output* summary, char* error, size_t error_size) {
  ranked_state* s = state;
  if (s->rank == s->fail_finish_rank) {
    free(s);
    snprintf(error, error_size, "finish fails on this rank before its reduction");
    return AFEED_ERROR;
  }
  int64_t calls = s->calls;
  const int status = afeed_allreduce(s->host, &calls, 1, AFEED_INT64, AFEED_REDUCE_SUM);
  free(s);
  if (status != AFEED_OK) {
    snprintf(error, error_size, "allreduce failed in finish");
    return AFEED_ERROR;
  }
  afeed_set_int(summary, "calls", calls);
  return AFEED_OK;
}

static const afeed_kernel kernels[] = {
    {.struct_size = sizeof(afeed_kernel), .flags = AFEED_KERNEL_COLLECTIVE, .name = "ranked_sum",
     .description = "each rank's sum of x and the sum over the ranks", .inputs = x_input, .n_inputs = 1,
     .init = ranked_init, .process = ranked_process, .finish = ranked_finish},
    {.struct_size = sizeof(afeed_kernel), .flags = 0, .name = "loose_sum",
     .description = "ranked_sum without the collective flag", .inputs = x_input, .n_inputs = 1,
     .init = ranked_init, .process = ranked_process, .finish = ranked_finish},
    {.struct_size = sizeof(afeed_kernel), .flags = AFEED_KERNEL_THREAD_SAFE, .name = "loose_parallel_sum",
     .description = "loose_sum, thread-safe", .inputs = x_input, .n_inputs = 1,
     .init = ranked_init, .process = ranked_process, .finish = ranked_finish},
};

AFEED_EXPORT const afeed_entry arrayfeed_entry = AFEED_ENTRY(kernels, 3);

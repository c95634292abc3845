/* weighted_mean: an example arrayfeed plugin with two named inputs, in C11.
 *
 * Each step the script yields {"x": values} or {"x": values, "w": weights}
 * (a bare array is x alone); the result is np.average(x, weights=w): the
 * weighted mean, or the plain mean when w is left out. x is float64 of any
 * shape; w, optional, is float64 of x's very shape. arrayfeed checks both
 * contracts before process and refuses a missing x, an unknown key or a w of
 * another shape, naming the input.
 *
 * Build: cc -std=c11 -shared -fPIC -O2 $(pkg-config --cflags arrayfeed) weighted_mean.c -o libweighted_mean.so
 * Run:   arrayfeed run weighted_mean_gen.py --plugin ./libweighted_mean.so
 *
 * It reads no parameters: init only allocates the counts finish reports.
 * process is called from
 * one thread at a time (the kernel does not declare AFEED_KERNEL_THREAD_SAFE),
 * so the counts need no atomics. */
#include <arrayfeed/arrayfeed.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

/* The counts finish reports. */
typedef struct counts {
  int64_t steps, weighted;
} counts;

static int mean_init(const afeed_init_args* args, void** state, char* error, size_t error_size) {
  (void)args;
  *state = calloc(1, sizeof(counts));
  if (*state) return AFEED_OK;
  snprintf(error, error_size, "out of memory");
  return AFEED_ERROR;
}

static int64_t size_of(const afeed_array* a) {
  int64_t n = 1;
  for (int32_t d = 0; d < a->ndim; ++d) n *= a->shape[d];
  return n;
}

/* inputs[0] is x, inputs[1] is w or NULL: the order of `inputs` below. */
static int mean_process(void* state, const afeed_array* const* inputs, uint32_t n_inputs, afeed_output* result,
                        char* error, size_t error_size) {
  (void)n_inputs; /* always 2: one per declared input */
  counts* c = state;
  const double* x = inputs[0]->data;
  const double* w = inputs[1] ? inputs[1]->data : NULL; /* same shape as x: the contract says so */
  const int64_t n = size_of(inputs[0]);
  double sum = 0, weights = 0;
  for (int64_t i = 0; i < n; ++i) {
    sum += w ? w[i] * x[i] : x[i];
    weights += w ? w[i] : 1.0;
  }
  if (w && weights == 0) {
    snprintf(error, error_size, "the weights of step %lld sum to zero: the mean is undefined",
             (long long)c->steps + 1);
    return AFEED_ERROR;
  }
  c->steps += 1;
  c->weighted += w != NULL;
  return afeed_set_float(result, NULL, n > 0 ? sum / weights : NAN);
}

static int mean_finish(void* state, afeed_output* summary, char* error, size_t error_size) {
  counts* c = state;
  int status = afeed_set_int(summary, "steps", c->steps);
  if (status == AFEED_OK) status = afeed_set_int(summary, "weighted", c->weighted);
  free(c);
  if (status != AFEED_OK) snprintf(error, error_size, "could not report the summary");
  return status;
}

static const int32_t float64[] = {AFEED_FLOAT64};

/* Declaration order is the order process receives them. */
static const afeed_input inputs[] = {
    {.struct_size = sizeof(afeed_input), .name = "x", .dtypes = float64, .n_dtypes = 1, .min_ndim = 0,
     .max_ndim = 32},
    {.struct_size = sizeof(afeed_input), .flags = AFEED_INPUT_OPTIONAL, .name = "w", .dtypes = float64,
     .n_dtypes = 1, .min_ndim = 0, .max_ndim = 32, .same_shape_as = "x"},
};

static const afeed_kernel kernels[] = {{
    .struct_size = sizeof(afeed_kernel),
    .name = "weighted_mean",
    .description = "np.average(x, weights=w): the mean of x, weighted by the optional input w",
    .inputs = inputs,
    .n_inputs = 2,
    .init = mean_init,
    .process = mean_process,
    .finish = mean_finish,
}};

const afeed_entry arrayfeed_entry = AFEED_ENTRY(kernels, 1);

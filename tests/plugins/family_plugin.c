/* An ABI 2 plugin for the tests: one library, several kernels.
 *   axpy     inputs a and b (float64, 1-d, b the shape of a; thread-safe):
 *            the result is the array 2*a + b, so swapped inputs show
 *   window   input x (float64, 1-d or 2-d): init narrows last_dim to the
 *            parameter `n` and logs what it does (info, and a debug line);
 *            `widen` (dtypes, ndim, last_dim, strided, alignment, name)
 *            makes init widen that field instead; the result is the sum of x
 *   aligned  input x (float64, 1-d, 64-byte aligned): the result is the
 *            data address modulo 64
 *   typed    declares typed parameters; the result is `scale` as init got
 *            it (-1 when absent) */
#include <arrayfeed/arrayfeed.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const int32_t float64_only[] = {AFEED_FLOAT64};

static const char* param(const afeed_init_args* args, const char* key) {
  for (size_t i = 0; i < args->n_params; ++i)
    if (strcmp(args->params[i].key, key) == 0) return args->params[i].value;
  return NULL;
}

static int axpy_process(void* state, const afeed_array* const* inputs, uint32_t n_inputs, afeed_output* result,
                        char* error, size_t error_size) {
  (void)state;
  if (n_inputs != 2 || !inputs[0] || !inputs[1] || inputs[0]->itemsize != 8) {
    snprintf(error, error_size, "axpy expected two float64 arrays");
    return AFEED_ERROR;
  }
  const double* a = inputs[0]->data;
  const double* b = inputs[1]->data;
  double* y = afeed_new_array(result, NULL, AFEED_FLOAT64, 1, inputs[0]->shape);
  if (!y) return AFEED_ERROR;
  for (int64_t i = 0; i < inputs[0]->shape[0]; ++i) y[i] = 2 * a[i] + b[i];
  return AFEED_OK;
}

/* Sets what `widen` names to something the declaration does not allow. */
static void widen(afeed_input* x, const char* field) {
  static const int32_t more[] = {AFEED_FLOAT64, AFEED_FLOAT32};
  if (strcmp(field, "dtypes") == 0) x->dtypes = more, x->n_dtypes = 2;
  if (strcmp(field, "ndim") == 0) x->max_ndim = 3;
  if (strcmp(field, "strided") == 0) x->flags |= AFEED_INPUT_STRIDED;
  if (strcmp(field, "alignment") == 0) x->min_alignment = 0;
  if (strcmp(field, "name") == 0) x->name = "y";
}

static int window_init(const afeed_init_args* args, void** state, char* error, size_t error_size) {
  (void)state;
  const char* widened = param(args, "widen");
  if (widened) {
    widen(&args->inputs[0], widened);
    return AFEED_OK;
  }
  const char* n = param(args, "n");
  if (!n || atoll(n) <= 0) {
    snprintf(error, error_size, "window needs --set n=LENGTH (a positive whole number)");
    return AFEED_ERROR;
  }
  char line[128];
  snprintf(line, sizeof line, "window length %s from --set n", n);
  afeed_log(args->host, AFEED_LOG_INFO, line);
  afeed_log(args->host, AFEED_LOG_DEBUG, "window detail for debugging");
  afeed_log(args->host, 99, "window line of an unknown level");
  afeed_log(args->host, AFEED_LOG_INFO, NULL);
  args->inputs[0].last_dim = atoll(n);
  args->inputs[0].note = "last dimension = --set n";
  return AFEED_OK;
}

static int window_process(void* state, const afeed_array* const* inputs, uint32_t n_inputs, afeed_output* result,
                          char* error, size_t error_size) {
  (void)state, (void)n_inputs, (void)error, (void)error_size;
  int64_t n = 1;
  for (int32_t d = 0; d < inputs[0]->ndim; ++d) n *= inputs[0]->shape[d];
  double sum = 0;
  for (int64_t i = 0; i < n; ++i) sum += ((const double*)inputs[0]->data)[i];
  return afeed_set_float(result, NULL, sum);
}

static int aligned_process(void* state, const afeed_array* const* inputs, uint32_t n_inputs, afeed_output* result,
                           char* error, size_t error_size) {
  (void)state, (void)n_inputs, (void)error, (void)error_size;
  return afeed_set_int(result, NULL, (int64_t)((uintptr_t)inputs[0]->data % 64));
}

static int typed_init(const afeed_init_args* args, void** state, char* error, size_t error_size) {
  (void)error, (void)error_size;
  static double scale;
  const char* text = param(args, "scale");
  scale = text ? atof(text) : -1;
  *state = &scale;
  return AFEED_OK;
}

static int typed_process(void* state, const afeed_array* const* inputs, uint32_t n_inputs, afeed_output* result,
                         char* error, size_t error_size) {
  (void)inputs, (void)n_inputs, (void)error, (void)error_size;
  return afeed_set_float(result, NULL, *(const double*)state);
}

static const afeed_input axpy_inputs[] = {
    {.struct_size = sizeof(afeed_input), .name = "a", .dtypes = float64_only, .n_dtypes = 1, .min_ndim = 1,
     .max_ndim = 1},
    {.struct_size = sizeof(afeed_input), .name = "b", .dtypes = float64_only, .n_dtypes = 1, .min_ndim = 1,
     .max_ndim = 1, .same_shape_as = "a"},
};
static const afeed_input window_inputs[] = {
    {.struct_size = sizeof(afeed_input), .name = "x", .dtypes = float64_only, .n_dtypes = 1, .min_ndim = 1,
     .max_ndim = 2, .min_alignment = 8},
};
static const afeed_input aligned_inputs[] = {
    {.struct_size = sizeof(afeed_input), .name = "x", .dtypes = float64_only, .n_dtypes = 1, .min_ndim = 1,
     .max_ndim = 1, .min_alignment = 64},
};
static const afeed_param_info typed_params[] = {
    {.struct_size = sizeof(afeed_param_info), .type = AFEED_PARAM_FLOAT, .name = "scale", .default_value = "1.5",
     .help = "how much to scale by"},
    {.struct_size = sizeof(afeed_param_info), .type = AFEED_PARAM_INT, .name = "count", .help = "how many"},
    {.struct_size = sizeof(afeed_param_info), .type = AFEED_PARAM_BOOL, .name = "verbose", .default_value = "false",
     .help = "say more"},
    {.struct_size = sizeof(afeed_param_info), .type = AFEED_PARAM_TEXT, .name = "label", .help = "a name"},
};

static const afeed_kernel kernels[] = {
    {.struct_size = sizeof(afeed_kernel), .flags = AFEED_KERNEL_THREAD_SAFE, .name = "axpy",
     .description = "2*a + b of two float64 vectors", .inputs = axpy_inputs, .n_inputs = 2,
     .process = axpy_process},
    {.struct_size = sizeof(afeed_kernel), .name = "window", .description = "sum of rows of length n",
     .inputs = window_inputs, .n_inputs = 1, .init = window_init, .process = window_process},
    {.struct_size = sizeof(afeed_kernel), .name = "aligned", .description = "address modulo 64",
     .inputs = aligned_inputs, .n_inputs = 1, .process = aligned_process},
    {.struct_size = sizeof(afeed_kernel), .name = "typed", .description = "declares its parameters",
     .inputs = window_inputs, .n_inputs = 1, .params = typed_params, .n_params = 4, .init = typed_init,
     .process = typed_process},
};

const afeed_entry arrayfeed_entry = AFEED_ENTRY(kernels, sizeof kernels / sizeof kernels[0]);

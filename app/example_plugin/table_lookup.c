/* table_lookup: an example arrayfeed plugin, and a template to copy.
 *
 * Like a real backend it does its expensive set-up once, in init: it builds a
 * table of f(x) = exp(sin(x)) at `points` evenly spaced samples of [lo, hi]
 * (default 2^24 samples: 128 MB), or uses the data set `table` (--data
 * table=PATH.npy, 1-d float64) in place. Then process maps every value of each
 * input through that table, as np.interp(x, np.linspace(lo, hi, points), table)
 * does: linear between samples, clamped outside [lo, hi], NaN stays NaN.
 *
 * Parameters (--set KEY=VALUE, declared below so `arrayfeed kernels` lists
 * them): lo, hi (default 0 and 1) and points (default 16777216, or the data
 * set's length).
 *
 * Build: cc -std=c11 -shared -fPIC -O2 $(pkg-config --cflags arrayfeed) table_lookup.c -lm -o libtable_lookup.so
 * Run:   arrayfeed run table_lookup_gen.py --plugin ./libtable_lookup.so --set points=1001
 *
 * ABI rules it follows (arrayfeed/arrayfeed.h, ABI 2):
 * - Everything it allocates it frees itself: in finish, or in init when init
 *   fails (finish is only called after a successful init).
 * - Input arrays, data sets and parameter strings belong to arrayfeed: read
 *   them, never write or free them. Parameters are gone after init returns,
 *   so it keeps numbers, not pointers; the data set's memory stays until
 *   finish returns, so the table may point into it.
 * - Result arrays come from afeed_new_array: arrayfeed owns them and hands the
 *   very memory to Python, so process writes into it and forgets it.
 * - Failures are a non-zero status plus a message in `error` (snprintf keeps
 *   it within error_size); nothing is printed, nothing exits the process.
 * - Only `arrayfeed_entry` is exported; everything else is static.
 * - AFEED_KERNEL_THREAD_SAFE: process only reads the state, except for one
 *   atomic counter.
 * - A table of 2^24 points takes a while: init says so in arrayfeed's log. */
#include <arrayfeed/arrayfeed.h>

#include <errno.h>
#include <math.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_POINTS (INT64_C(1) << 24)

/* The function the built-in table samples: any smooth function will do. */
static double f(double x) { return exp(sin(x)); }

/* What init builds and process reads: the plugin's `state`. */
typedef struct lookup {
  const double* table; /* points samples of f from lo to hi */
  double* owned;       /* the table when init built it; NULL when it is a data set's */
  int64_t points;
  double lo, hi;
  double per_unit; /* samples per unit of x: (points - 1) / (hi - lo) */
  atomic_uint_least64_t values; /* values processed, by all threads */
} lookup;

static const char* param(const afeed_init_args* args, const char* key) {
  for (size_t i = 0; i < args->n_params; ++i)
    if (strcmp(args->params[i].key, key) == 0) return args->params[i].value;
  return NULL;
}

/* Each helper below returns AFEED_OK, or AFEED_ERROR with a message that names the
 * parameter or data set and says how to fix it. */

static int number_param(const afeed_init_args* args, const char* key, double fallback, double* value,
                        char* error, size_t error_size) {
  const char* text = param(args, key);
  char* end = NULL;
  *value = fallback;
  if (!text) return AFEED_OK;
  errno = 0;
  *value = strtod(text, &end);
  if (end != text && *end == '\0' && errno == 0 && isfinite(*value)) return AFEED_OK;
  snprintf(error, error_size, "param %s='%s' is not a finite number; use e.g. --set %s=%g", key, text, key,
           fallback);
  return AFEED_ERROR;
}

/* The number of samples: a data set's length (`from_data` > 0), else the points param. */
static int points_param(const afeed_init_args* args, int64_t from_data, int64_t* points, char* error,
                        size_t error_size) {
  const char* text = param(args, "points");
  char* end = NULL;
  *points = from_data > 0 ? from_data : DEFAULT_POINTS;
  if (!text) return AFEED_OK;
  errno = 0;
  const long long value = strtoll(text, &end, 10);
  if (end == text || *end != '\0' || errno != 0 || value < 2 || value > INT64_MAX / (int64_t)sizeof(double)) {
    snprintf(error, error_size, "param points='%s' must be a whole number >= 2; use e.g. --set points=1000001",
             text);
    return AFEED_ERROR;
  }
  if (from_data > 0 && value != from_data) {
    snprintf(error, error_size, "param points=%s disagrees with the %lld samples of data set 'table'; "
             "drop --set points (the table's length is its number of points)", text, (long long)from_data);
    return AFEED_ERROR;
  }
  *points = value;
  return AFEED_OK;
}

/* The data set `table` if one was loaded (*table stays NULL if not): 1-d
 * float64, C-contiguous, 2 samples or more. */
static int find_table(const afeed_init_args* args, const afeed_array** table, char* error, size_t error_size) {
  for (size_t i = 0; i < args->n_data_sets; ++i) {
    const afeed_array* a = args->data_sets[i].array;
    if (strcmp(args->data_sets[i].name, "table") != 0) continue;
    if (a->dtype == AFEED_FLOAT64 && a->ndim == 1 && a->shape[0] >= 2 && a->strides[0] == sizeof(double)) {
      *table = a;
      return AFEED_OK;
    }
    snprintf(error, error_size, "data set 'table' must be a 1-d, C-contiguous float64 array of 2 samples or "
             "more; save it with np.save(path, np.ascontiguousarray(t, dtype=np.float64).ravel())");
    return AFEED_ERROR;
  }
  return AFEED_OK;
}

static int build_table(lookup* s, const afeed_host* host, char* error, size_t error_size) {
  char line[96];
  snprintf(line, sizeof line, "building a table of %lld points", (long long)s->points);
  afeed_log(host, AFEED_LOG_INFO, line); /* a large table takes seconds: say why init is slow */
  s->owned = malloc((size_t)s->points * sizeof(double));
  if (!s->owned) {
    snprintf(error, error_size, "no memory for a table of %lld points; use a smaller --set points",
             (long long)s->points);
    return AFEED_ERROR;
  }
  const double step = (s->hi - s->lo) / (double)(s->points - 1);
  for (int64_t i = 0; i < s->points; ++i) s->owned[i] = f(s->lo + (double)i * step);
  s->table = s->owned;
  return AFEED_OK;
}

/* Once, before any process: the expensive part. */
static int lookup_init(const afeed_init_args* args, void** state, char* error, size_t error_size) {
  lookup* s = calloc(1, sizeof *s);
  const afeed_array* data = NULL;
  if (!s) {
    snprintf(error, error_size, "out of memory");
    return AFEED_ERROR;
  }
  int status = find_table(args, &data, error, error_size);
  if (status == AFEED_OK) status = number_param(args, "lo", 0.0, &s->lo, error, error_size);
  if (status == AFEED_OK) status = number_param(args, "hi", 1.0, &s->hi, error, error_size);
  if (status == AFEED_OK) status = points_param(args, data ? data->shape[0] : 0, &s->points, error, error_size);
  if (status == AFEED_OK && !(s->lo < s->hi && isfinite(s->hi - s->lo))) {
    snprintf(error, error_size, "params lo=%g and hi=%g: lo must be below hi (and hi - lo finite); "
             "use e.g. --set lo=0 --set hi=1", s->lo, s->hi);
    status = AFEED_ERROR;
  }
  if (status == AFEED_OK && data) s->table = data->data; /* zero-copy: valid until finish returns */
  if (status == AFEED_OK && !data) status = build_table(s, args->host, error, error_size);
  if (status != AFEED_OK) {
    free(s); /* finish is not called after a failed init */
    return status;
  }
  s->per_unit = (double)(s->points - 1) / (s->hi - s->lo);
  atomic_init(&s->values, 0);
  *state = s;
  return AFEED_OK;
}

static double interpolate(const lookup* s, double x) {
  if (isnan(x)) return x;
  if (x <= s->lo) return s->table[0];
  if (x >= s->hi) return s->table[s->points - 1];
  const double t = (x - s->lo) * s->per_unit;
  int64_t i = (int64_t)t;
  if (i > s->points - 2) i = s->points - 2; /* t may round up to points - 1 */
  return s->table[i] + (t - (double)i) * (s->table[i + 1] - s->table[i]);
}

/* Once per step, possibly on several threads at once (AFEED_KERNEL_THREAD_SAFE below). */
static int lookup_process(void* state, const afeed_array* const* inputs, uint32_t n_inputs, afeed_output* result,
                          char* error, size_t error_size) {
  (void)n_inputs; /* always 1: the one declared input */
  lookup* s = state;
  const afeed_array* input = inputs[0];
  int64_t n = 1;
  for (int32_t d = 0; d < input->ndim; ++d) n *= input->shape[d];
  /* The descriptor's contract guarantees float64 and C-contiguous input. */
  const double* x = input->data;
  double* y = afeed_new_array(result, NULL, AFEED_FLOAT64, input->ndim, input->shape);
  if (!y) {
    snprintf(error, error_size, "no memory for a result of %lld values", (long long)n);
    return AFEED_ERROR;
  }
  for (int64_t i = 0; i < n; ++i) y[i] = interpolate(s, x[i]);
  atomic_fetch_add_explicit(&s->values, (uint64_t)n, memory_order_relaxed);
  return AFEED_OK;
}

/* Once at the end, after the last process: report totals, free everything. */
static int lookup_finish(void* state, afeed_output* summary, char* error, size_t error_size) {
  lookup* s = state;
  const int64_t values = (int64_t)atomic_load(&s->values);
  int status = afeed_set_int(summary, "values", values);
  if (status == AFEED_OK) status = afeed_set_int(summary, "table_points", s->points);
  free(s->owned); /* free(NULL) when the table was a data set's */
  free(s);
  if (status != AFEED_OK) snprintf(error, error_size, "could not report the summary");
  return status;
}

static const int32_t accepted_dtypes[] = {AFEED_FLOAT64};

/* One input, x: float64 of any shape, C-contiguous (arrayfeed refuses, or
 * with --convert copies, anything else). A script may yield it bare. */
static const afeed_input inputs[] = {{
    .struct_size = sizeof(afeed_input),
    .name = "x",
    .dtypes = accepted_dtypes,
    .n_dtypes = 1,
    .min_ndim = 0,
    .max_ndim = 32,
}};

/* Declared, so arrayfeed lists them and checks their type before init. */
static const afeed_param_info params[] = {
    {sizeof(afeed_param_info), AFEED_PARAM_FLOAT, "lo", "0", "the table's first sample is f(lo)"},
    {sizeof(afeed_param_info), AFEED_PARAM_FLOAT, "hi", "1", "the table's last sample is f(hi)"},
    {sizeof(afeed_param_info), AFEED_PARAM_INT, "points", NULL,
     "samples in the table, >= 2 (default 16777216, or the length of --data table=PATH.npy)"},
};

static const afeed_kernel kernels[] = {{
    .struct_size = sizeof(afeed_kernel),
    .flags = AFEED_KERNEL_THREAD_SAFE,
    .name = "table_lookup",
    .description = "f(x) interpolated from a table built at init (or --data table=PATH.npy), like np.interp",
    .inputs = inputs,
    .n_inputs = 1,
    .params = params,
    .n_params = 3,
    .init = lookup_init,
    .process = lookup_process,
    .finish = lookup_finish,
}};

/* The one exported symbol: its first field, the ABI's major version, is read before anything else. */
const afeed_entry arrayfeed_entry = AFEED_ENTRY(kernels, 1);

/* A plugin for the tests, built once per way of misbehaving (see CMakeLists.txt).
 *
 * Without defines it is `probe`: each result is {"array": its 1-based number,
 * "address": the input's data pointer, "data_address": the first data set's
 * pointer or 0}, so a test can see that nothing was copied. Defines:
 *   KERNEL_NAME="x"         the kernel's name (default: the library's)
 *   ARRAY_NAME="x"          the name of the result's "array"
 *   DESCRIPTOR_SYMBOL=sym   export the descriptor under another name
 *   ABI_VERSION=n           claim another ABI version
 *   BAD_DTYPE, NO_PROCESS=1 an invalid descriptor
 *   FAIL_INIT               init fails with a message
 *   FAIL_PROCESS            process fails with a message on array `fail_at` (param)
 *   FAIL_SILENTLY           the same without a message
 *   STOP                    asks to stop after array `stop_after` (param)
 *   MISUSE_OUTPUT           sets a single result, then a named one
 *   ANY_DTYPE               takes any dtype (n_dtypes 0) and adds "dtype": the code it got
 *   SLOW_INIT               init creates the file `init_marker` (param, if given), then
 *                           sleeps `init_ms` (param) milliseconds, signals or not
 *   BOOL_RESULT             the result is a bool array of 3 whose bytes are 0, 1 and 2 */
#include <arrayfeed/plugin.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#ifndef KERNEL_NAME
#define KERNEL_NAME LIBRARY_NAME
#endif
#ifndef DESCRIPTOR_SYMBOL
#define DESCRIPTOR_SYMBOL arrayfeed_plugin
#endif
#ifndef ABI_VERSION
#define ABI_VERSION AF_ABI_VERSION
#endif
#ifndef ARRAY_NAME
#define ARRAY_NAME "array"
#endif
#ifndef NO_PROCESS
#define NO_PROCESS 0
#endif
#ifdef STOP
#define AT_PARAM "stop_after"
#else
#define AT_PARAM "fail_at"
#endif

typedef struct probe {
  int64_t arrays;    /* processed so far */
  int64_t at;        /* fail_at or stop_after */
  const void* data;  /* the first data set's memory */
} probe;

static const char* text_param(const af_init_args* args, const char* key) {
  for (size_t i = 0; i < args->n_params; ++i)
    if (strcmp(args->params[i].key, key) == 0) return args->params[i].value;
  return NULL;
}

static int64_t count_param(const af_init_args* args, const char* key) {
  const char* text = text_param(args, key);
  return text ? strtoll(text, NULL, 10) : 1;
}

#ifdef SLOW_INIT
/* A long set-up (loading a model) that a signal does not cut short. */
static void slow_init(const af_init_args* args) {
  const char* marker = text_param(args, "init_marker");
  FILE* f = marker ? fopen(marker, "w") : NULL;
  if (f) fclose(f);
  const int64_t ms = count_param(args, "init_ms");
  struct timespec left = {(time_t)(ms / 1000), (long)(ms % 1000) * 1000000L};
  while (nanosleep(&left, &left) != 0 && errno == EINTR) {
  }
}
#endif

static int probe_init(const af_init_args* args, void** state, char* error, size_t error_size) {
  probe* p = calloc(1, sizeof *p);
  if (!p) {
    snprintf(error, error_size, "out of memory");
    return AF_ERROR;
  }
  p->at = count_param(args, AT_PARAM);
  p->data = args->n_data_sets ? args->data_sets[0].array.data : NULL;
#ifdef SLOW_INIT
  slow_init(args);
#endif
#ifdef FAIL_INIT
  free(p); /* finish is not called after a failed init */
  snprintf(error, error_size, "cannot open the model file 'model.bin': no such file (set model=PATH)");
  return 7;
#endif
  *state = p;
  return AF_OK;
}

static int probe_process(void* state, const af_array* input, af_output* result, char* error,
                         size_t error_size) {
  probe* p = state;
  ++p->arrays;
#if defined(FAIL_PROCESS)
  if (p->arrays == p->at) {
    snprintf(error, error_size, "value out of range in array %lld", (long long)p->arrays);
    return AF_ERROR;
  }
#elif defined(FAIL_SILENTLY)
  if (p->arrays == p->at) return 42;
#elif defined(MISUSE_OUTPUT)
  af_set_float(result, NULL, 1.0);
  af_set_int(result, "array", p->arrays);
  return AF_OK;
#elif defined(BOOL_RESULT)
  const int64_t three = 3;
  unsigned char* flags = af_new_array(result, NULL, AF_BOOL, 1, &three);
  if (!flags) return AF_ERROR;
  flags[0] = 0, flags[1] = 1, flags[2] = 2; /* C code often stores "true" as any non-zero */
  return AF_OK;
#endif
  (void)error, (void)error_size;
  af_set_int(result, ARRAY_NAME, p->arrays);
  af_set_int(result, "address", (int64_t)(intptr_t)input->data);
  af_set_int(result, "data_address", (int64_t)(intptr_t)p->data);
#ifdef ANY_DTYPE
  af_set_int(result, "dtype", input->dtype);
#endif
#ifdef STOP
  if (p->arrays == p->at) af_request_stop(result);
#endif
  return AF_OK;
}

static int probe_finish(void* state, af_output* summary, char* error, size_t error_size) {
  (void)error, (void)error_size;
  probe* p = state;
  af_set_int(summary, "arrays", p->arrays);
  free(p);
  return AF_OK;
}

#if defined(BAD_DTYPE)
static const int32_t dtypes[] = {AF_FLOAT64, 99};
#elif !defined(ANY_DTYPE)
static const int32_t dtypes[] = {AF_FLOAT64};
#endif

AF_EXPORT const af_plugin DESCRIPTOR_SYMBOL = {
    .abi_version = ABI_VERSION,
    .name = KERNEL_NAME,
    .description = "test plugin " LIBRARY_NAME,
#ifdef ANY_DTYPE
    .dtypes = NULL,
    .n_dtypes = 0,
#else
    .dtypes = dtypes,
    .n_dtypes = sizeof dtypes / sizeof dtypes[0],
#endif
    .min_ndim = 0,
    .max_ndim = 32,
    .init = probe_init,
    .process = NO_PROCESS ? NULL : probe_process,
    .finish = probe_finish,
};

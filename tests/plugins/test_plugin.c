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
 *   BOOL_RESULT             the result is a bool array of 3 whose bytes are 0, 1 and 2
 *   HANG                    does not return from the call named by `call` (init,
 *                           process (default) of the array whose first value is
 *                           `fail_at`, whatever the order of calls, finish); creates the
 *                           file `hanging` (param) first; with `hang_ms`, returns after
 *                           that many milliseconds instead
 *   CRASH                   dies in the call named by `call` (as for HANG) by
 *                           `crash_with`: segv (a write through NULL, default), abort,
 *                           fpe (an integer division by zero), ill (a trap) or
 *                           overflow (endless recursion: a stack overflow)
 *   READ_DATA               process reads every value of the first data set (float64),
 *                           its sum is the result's "data_sum" */
#include <arrayfeed/plugin.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

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

/* The call HANG or CRASH misbehaves in. */
typedef enum call { IN_INIT, IN_PROCESS, IN_FINISH } call;

typedef struct probe {
  int64_t arrays;      /* processed so far */
  int64_t at;          /* fail_at or stop_after */
  const void* data;    /* the first data set's memory */
  int64_t data_count;  /* its number of values */
  call misbehave_in;   /* HANG, CRASH: the `call` param */
  int64_t hang_ms;     /* HANG: -1 for ever */
  char hanging[4096];  /* HANG: the file to create first, or "" */
  char crash_with[16]; /* CRASH: segv, abort, fpe, ill or overflow */
} probe;

static const char* text_param(const af_init_args* args, const char* key, const char* fallback) {
  for (size_t i = 0; i < args->n_params; ++i)
    if (strcmp(args->params[i].key, key) == 0) return args->params[i].value;
  return fallback;
}

static int64_t count_param(const af_init_args* args, const char* key) {
  return strtoll(text_param(args, key, "1"), NULL, 10);
}

static call call_param(const af_init_args* args, const char* key) {
  const char* name = text_param(args, key, "process");
  return strcmp(name, "init") == 0 ? IN_INIT : strcmp(name, "finish") == 0 ? IN_FINISH : IN_PROCESS;
}

#if defined(HANG)
/* Sleeps to a deadline: a signal's handler interrupts nanosleep, which must not cut a slow call short. */
static void hang(const probe* p) {
  if (p->hanging[0]) fclose(fopen(p->hanging, "w"));
  if (p->hang_ms < 0)
    for (;;) pause();
  struct timespec until;
  clock_gettime(CLOCK_MONOTONIC, &until);
  until.tv_sec += p->hang_ms / 1000;
  until.tv_nsec += (p->hang_ms % 1000) * 1000000;
  if (until.tv_nsec >= 1000000000) until.tv_sec += 1, until.tv_nsec -= 1000000000;
  while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until, NULL) != 0) {
  }
}
#define MISBEHAVE hang
#elif defined(CRASH)
/* Not a tail call, and a frame the compiler must keep: the recursion cannot become a loop. */
static int64_t recurse(int64_t depth) {
  volatile char frame[256];
  if (depth < 0) return 0; /* never: only so the compiler sees a way out */
  frame[depth % 256] = (char)depth;
  return recurse(depth + 1) + frame[depth % 256];
}

/* Crashing is the point: UBSan (the asan preset) would report the faults instead of letting them happen. */
__attribute__((no_sanitize("undefined"))) static void crash(const probe* p) {
  if (strcmp(p->crash_with, "overflow") == 0) recurse(0);
  if (strcmp(p->crash_with, "abort") == 0) abort();
  if (strcmp(p->crash_with, "ill") == 0) __builtin_trap();
  /* volatile: the compiler can neither fold these operations nor turn them into a trap */
  volatile int one = 1, zero = 0;
  if (strcmp(p->crash_with, "fpe") == 0) one = one / zero;
  volatile int* volatile nowhere = NULL;
  *nowhere = one;
}
#define MISBEHAVE crash
#endif

static int first_value_is(const af_array* input, int64_t value) {
  int64_t n = 1;
  for (int32_t d = 0; d < input->ndim; ++d) n *= input->shape[d];
  /* float64 in the contract, but ANY_DTYPE takes narrower elements too */
  return n > 0 && input->dtype == AF_FLOAT64 && ((const double*)input->data)[0] == (double)value;
}

/* HANG and CRASH: misbehave if this is the call named by the `call` param. */
static void misbehave(const probe* p, call now) {
#ifdef MISBEHAVE
  if (now == p->misbehave_in) MISBEHAVE(p);
#else
  (void)p, (void)now;
#endif
}

static int probe_init(const af_init_args* args, void** state, char* error, size_t error_size) {
  probe* p = calloc(1, sizeof *p);
  if (!p) {
    snprintf(error, error_size, "out of memory");
    return AF_ERROR;
  }
  p->at = count_param(args, AT_PARAM);
  p->data = args->n_data_sets ? args->data_sets[0].array.data : NULL;
  p->data_count = 1;
  for (int32_t d = 0; args->n_data_sets && d < args->data_sets[0].array.ndim; ++d)
    p->data_count *= args->data_sets[0].array.shape[d];
  p->misbehave_in = call_param(args, "call");
  p->hang_ms = strtoll(text_param(args, "hang_ms", "-1"), NULL, 10);
  snprintf(p->hanging, sizeof p->hanging, "%s", text_param(args, "hanging", ""));
  snprintf(p->crash_with, sizeof p->crash_with, "%s", text_param(args, "crash_with", "segv"));
  misbehave(p, IN_INIT);
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
  if (first_value_is(input, p->at)) misbehave(p, IN_PROCESS);
#ifdef READ_DATA
  double sum = 0;
  for (int64_t i = 0; i < p->data_count; ++i) sum += ((const double*)p->data)[i];
  af_set_float(result, "data_sum", sum);
#endif
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
  misbehave(p, IN_FINISH);
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

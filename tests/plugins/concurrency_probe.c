/* A plugin for the --threads tests: each call takes `delay_us` (param,
 * default 2000) and returns its float64 input's first value, so a test sees
 * the order of results; it asks to stop on the value `stop_at` (param, if
 * given); the summary says how many calls ran and how many ever ran at once.
 * Built twice: thread-safe (THREAD_SAFE=1) and not; the latter fails if it is
 * ever called concurrently, as a real non-reentrant backend might crash. */
#include <arrayfeed/plugin.h>

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static atomic_int active;
static atomic_int most;
static atomic_int calls;
static long delay_us = 2000;
static double stop_at = -1;

static int init(const af_init_args* args, void** state, char* error, size_t error_size) {
  (void)state, (void)error, (void)error_size;
  for (size_t i = 0; i < args->n_params; ++i)
    if (strcmp(args->params[i].key, "delay_us") == 0) delay_us = strtol(args->params[i].value, NULL, 10);
    else if (strcmp(args->params[i].key, "stop_at") == 0) stop_at = strtod(args->params[i].value, NULL);
  return AF_OK;
}

static int process(void* state, const af_array* input, af_output* result, char* error, size_t error_size) {
  (void)state;
  atomic_fetch_add(&calls, 1);
  const int now = atomic_fetch_add(&active, 1) + 1;
  for (int seen = atomic_load(&most); now > seen && !atomic_compare_exchange_weak(&most, &seen, now);) {
  }
  if (now > 1 && !THREAD_SAFE) {
    atomic_fetch_sub(&active, 1);
    snprintf(error, error_size, "called from %d threads at once, but it is not thread-safe", now);
    return AF_ERROR;
  }
  const struct timespec pause = {delay_us / 1000000, (delay_us % 1000000) * 1000};
  nanosleep(&pause, NULL);
  const double x = *(const double*)input->data;
  af_set_float(result, NULL, x);
  if (x == stop_at) af_request_stop(result);
  atomic_fetch_sub(&active, 1);
  return AF_OK;
}

static int finish(void* state, af_output* summary, char* error, size_t error_size) {
  (void)state, (void)error, (void)error_size;
  af_set_int(summary, "calls", atomic_load(&calls));
  return af_set_int(summary, "max_concurrent", atomic_load(&most));
}

static const int32_t dtypes[] = {AF_FLOAT64};

AF_EXPORT const af_plugin arrayfeed_plugin = {
    .abi_version = AF_ABI_VERSION,
    .name = LIBRARY_NAME,
    .description = "sleeps delay_us, returns x[0], stops at stop_at; counts concurrent calls",
    .dtypes = dtypes,
    .n_dtypes = 1,
    .min_ndim = 1,
    .max_ndim = 1,
    .thread_safe = THREAD_SAFE,
    .init = init,
    .process = process,
    .finish = finish,
};

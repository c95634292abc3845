/* arrayfeed plugin ABI: the one header a C or C++ backend compiles against.
 *
 * A plugin is a shared library that defines one constant, `arrayfeed_plugin`,
 * an af_plugin whose first field is the ABI version. arrayfeed reads that
 * field before anything else and refuses a plugin built for another version.
 *
 * Life cycle, all calls from arrayfeed, never concurrently with init/finish:
 *   init     once, with the parameters and the loaded data sets (put the
 *            expensive set-up here: load tables, build models);
 *   process  once per input array, without Python's GIL; from one thread at
 *            a time unless the plugin declares thread_safe;
 *   finish   once if init succeeded, even after a failed process: report
 *            totals and free everything.
 * No call may let an exception or a longjmp cross this boundary: report
 * failure with a non-zero status and a message in `error` (NUL-terminated,
 * at most error_size bytes including the NUL).
 *
 * See README.md ("Writing a plugin") and app/example_plugin/ for a walk-through. */
#ifndef ARRAYFEED_PLUGIN_H
#define ARRAYFEED_PLUGIN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define AF_ABI_VERSION 1u

/* Status of every call: AF_OK, or any other value for a failure. */
#define AF_OK 0
#define AF_ERROR 1

/* Element types, always in the machine's byte order. */
typedef enum af_dtype {
  AF_BOOL = 1,
  AF_INT8, AF_INT16, AF_INT32, AF_INT64,
  AF_UINT8, AF_UINT16, AF_UINT32, AF_UINT64,
  AF_FLOAT32, AF_FLOAT64,
  AF_COMPLEX64, AF_COMPLEX128
} af_dtype;

/* A read-only array owned by arrayfeed (an input or a data set). */
typedef struct af_array {
  const void* data;
  int32_t dtype;          /* always a valid af_dtype: other element types never reach a plugin */
  int32_t ndim;
  const int64_t* shape;   /* ndim extents */
  const int64_t* strides; /* ndim strides in bytes; C-contiguous unless strided_ok */
} af_array;

/* A parameter (--set KEY=VALUE or the config file's [params]); values are text, convert them
   yourself. A config file's number, boolean, date, array or table comes in its TOML text
   form: 42, 1.0, 1e+20, true, [1, 2] (the README's "Config files" says exactly how). */
typedef struct af_param {
  const char* key;
  const char* value;
} af_param;

/* A --data NAME=PATH data set: memory-mapped, read-only, valid until finish returns. */
typedef struct af_data_set {
  const char* name;
  af_array array;
} af_data_set;

/* What init receives; the arrays of params and data_sets are valid during init only
 * (the data sets' memory itself stays valid until finish returns). */
typedef struct af_init_args {
  const af_param* params;
  size_t n_params;
  const af_data_set* data_sets;
  size_t n_data_sets;
} af_init_args;

/* Where process puts its result and finish its summary: build it only with the
 * af_set_int / af_set_float / af_new_array / af_request_stop helpers below.
 * A result is either one value (name NULL) or named values, never both. */
typedef struct af_output af_output;
typedef struct af_output_api {
  int (*set_int)(af_output* out, const char* name, int64_t value);
  int (*set_float)(af_output* out, const char* name, double value);
  void* (*new_array)(af_output* out, const char* name, int32_t dtype, int32_t ndim,
                     const int64_t* shape);
  void (*request_stop)(af_output* out);
} af_output_api;
struct af_output {
  const af_output_api* api;
  void* host; /* arrayfeed's own state: do not touch */
};

/* A whole-number result (name NULL) or named value. Returns AF_OK or AF_ERROR. */
static inline int af_set_int(af_output* out, const char* name, int64_t value) {
  return out->api->set_int(out, name, value);
}
/* A floating-point result or named value. Returns AF_OK or AF_ERROR. */
static inline int af_set_float(af_output* out, const char* name, double value) {
  return out->api->set_float(out, name, value);
}
/* A result array for process to write into: uninitialised, C-contiguous, 64-byte
 * aligned, owned by arrayfeed (do not free it or keep it after process returns).
 * arrayfeed hands this very memory to Python, without a copy. NULL if the dtype
 * or shape is invalid or memory ran out. */
static inline void* af_new_array(af_output* out, const char* name, af_dtype dtype, int32_t ndim,
                                 const int64_t* shape) {
  return out->api->new_array(out, name, (int32_t)dtype, ndim, shape);
}
/* Ends the run gracefully after this array: its result is kept; the arrays
 * yielded after it are not processed, also when several are in flight
 * (--prefetch, --threads: no call starts after this one returns, and the
 * results of calls that ran beside it are dropped). The request belongs to
 * this call only: a thread-safe plugin needs no shared flag for it. */
static inline void af_request_stop(af_output* out) { out->api->request_stop(out); }

/* What a plugin exports, as the constant `arrayfeed_plugin`. */
typedef struct af_plugin {
  uint32_t abi_version;    /* AF_ABI_VERSION; checked before anything else is read */
  const char* name;        /* the kernel's name: --kernel NAME */
  const char* description; /* one line for `arrayfeed kernels` */

  /* The input contract: what process can read in place. Anything else is
   * refused before process sees it (or copied under --convert). */
  const int32_t* dtypes;   /* accepted af_dtype values */
  size_t n_dtypes;         /* 0: any af_dtype (arrays of other element types, e.g. float16,
                            * big-endian, dates, text or objects, are refused or converted) */
  int32_t min_ndim;
  int32_t max_ndim;
  int64_t last_dim;        /* required length of the last dimension; 0: any */
  int32_t strided_ok;      /* 0: inputs are C-contiguous and aligned */
  int32_t thread_safe;     /* non-zero: process may run on several threads at once */

  /* Once, before any process. Stores the plugin's own state in *state. */
  int (*init)(const af_init_args* args, void** state, char* error, size_t error_size);
  /* Once per input; may leave `result` empty. */
  int (*process)(void* state, const af_array* input, af_output* result, char* error,
                 size_t error_size);
  /* Once at the end if init succeeded (NULL: nothing to do); may fill `summary`
   * with named totals; frees the state. */
  int (*finish)(void* state, af_output* summary, char* error, size_t error_size);
} af_plugin;

#if defined(__GNUC__)
#define AF_EXPORT __attribute__((visibility("default")))
#else
#define AF_EXPORT
#endif

/* The one symbol arrayfeed looks up: define it in exactly one source file. */
extern AF_EXPORT const af_plugin arrayfeed_plugin;

#ifdef __cplusplus
}
#endif

#endif /* ARRAYFEED_PLUGIN_H */

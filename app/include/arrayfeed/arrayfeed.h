/* arrayfeed plugin ABI 2: the header a C or C++ backend compiles against.
 *
 * A plugin is a shared library that defines one constant, `arrayfeed_entry`,
 * listing the kernels it offers (a backend family ships as one library).
 * C++ authors may prefer arrayfeed/arrayfeed.hpp, a class-based wrapper over
 * this header. Plugins built against ABI 1 (arrayfeed/plugin.h) keep loading.
 *
 * Life cycle of each kernel, all calls from arrayfeed, never concurrently
 * with init/finish:
 *   init     once, with the parameters and the loaded data sets (put the
 *            expensive set-up here); may narrow the input contract to what
 *            it learned (a length from a parameter, a dtype from a data set);
 *   process  once per step, without Python's GIL, with one array per
 *            declared input; from one thread at a time unless the kernel
 *            declares AFEED_KERNEL_THREAD_SAFE;
 *   finish   once if init succeeded, even after a failed process: report
 *            totals and free everything.
 * No call may let an exception or a longjmp cross this boundary: report
 * failure with a non-zero status and a message in `error` (NUL-terminated,
 * at most error_size bytes including the NUL).
 *
 * How the ABI grows (the promise to plugin authors):
 * - `abi_major` is the first field of `arrayfeed_entry`, read before anything
 *   else, and its place never moves. A new major version is only for a change
 *   older code would misread; arrayfeed keeps loading every major it has
 *   shipped, and refuses a newer one with a message naming both versions.
 * - A minor version only appends: fields at the end of a struct that starts
 *   with `struct_size`, values to an enum, bits to a flags field. Whoever
 *   reads a struct reads only the fields its struct_size covers and takes
 *   zero for the rest, so a new field's zero means "as before".
 *   - arrayfeed reads a plugin built for an older minor (its structs are
 *     shorter) or a newer one (the fields arrayfeed does not know are
 *     ignored; a plugin that needs a newer host's feature checks
 *     `afeed_init_args.host_abi_minor` in init and fails with a message).
 *   - A plugin reads a field of a struct arrayfeed made only when
 *     AFEED_HAS_FIELD says arrayfeed's struct_size covers it.
 * - Arrays of plugin structs (a kernel's inputs and parameters, the entry's
 *   kernels) are read with the struct_size of their first element as the
 *   stride, so they may grow too.
 *
 * See README.md ("Writing a plugin") and app/example_plugin/ for a walk-through. */
#ifndef ARRAYFEED_ARRAYFEED_H
#define ARRAYFEED_ARRAYFEED_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define AFEED_ABI_MAJOR 2u
#define AFEED_ABI_MINOR 1u /* 1: ranks (rank, size, allreduce, AFEED_KERNEL_COLLECTIVE) */

/* True when `ptr`, a struct of `type` made by the other side, has `field`. */
#define AFEED_HAS_FIELD(ptr, type, field) \
  ((ptr)->struct_size >= offsetof(type, field) + sizeof(((const type*)0)->field))

/* Status of every call: AFEED_OK, or any other value for a failure. */
#define AFEED_OK 0
#define AFEED_ERROR 1

/* The most inputs a kernel may declare. */
#define AFEED_MAX_INPUTS 64u

/* Element types, always in the machine's byte order (the values of ABI 1's af_dtype). */
typedef enum afeed_dtype {
  AFEED_BOOL = 1,
  AFEED_INT8, AFEED_INT16, AFEED_INT32, AFEED_INT64,
  AFEED_UINT8, AFEED_UINT16, AFEED_UINT32, AFEED_UINT64,
  AFEED_FLOAT32, AFEED_FLOAT64,
  AFEED_COMPLEX64, AFEED_COMPLEX128
} afeed_dtype;

/* A read-only array owned by arrayfeed (an input or a data set). */
typedef struct afeed_array {
  uint32_t struct_size;
  int32_t dtype;          /* always a valid afeed_dtype: other element types never reach a plugin */
  const void* data;
  int32_t ndim;
  int32_t itemsize;       /* bytes per element */
  const int64_t* shape;   /* ndim extents */
  const int64_t* strides; /* ndim strides in bytes; C-contiguous unless the input is AFEED_INPUT_STRIDED */
} afeed_array;

/* What an input accepts (flags of afeed_input). */
#define AFEED_INPUT_OPTIONAL 1u /* a step may leave it out: process sees NULL; not the first input */
#define AFEED_INPUT_STRIDED 2u  /* any strides; without it, C-contiguous and aligned */

/* One input a kernel declares: its contract. Anything else is refused before
 * process sees it (or copied under --convert), naming the input. */
typedef struct afeed_input {
  uint32_t struct_size;     /* sizeof(afeed_input) */
  uint32_t flags;           /* AFEED_INPUT_* */
  const char* name;         /* the key a script's dict yields it under; unique within the kernel */
  const int32_t* dtypes;    /* accepted afeed_dtype values */
  uint32_t n_dtypes;        /* 0: any afeed_dtype */
  int32_t min_ndim;         /* 0 to 32 */
  int32_t max_ndim;         /* min_ndim to 32 */
  int64_t last_dim;         /* required length of the last dimension; 0: any */
  const char* same_shape_as;  /* an earlier input whose shape this one's must equal; NULL: none */
  uint32_t min_alignment;   /* bytes the data must be aligned to, a power of two; 0: the element size */
  const char* note;         /* a rule the fields cannot state, shown in messages; NULL: none */
} afeed_input;

/* Types a declared parameter's text must spell. */
typedef enum afeed_param_type {
  AFEED_PARAM_TEXT = 0,
  AFEED_PARAM_INT,   /* a whole number */
  AFEED_PARAM_FLOAT, /* any number */
  AFEED_PARAM_BOOL   /* true or false */
} afeed_param_type;

/* A parameter a kernel reads: listed by `arrayfeed kernels`, checked against
 * its type before init (a wrong value is a usage error naming it). */
typedef struct afeed_param_info {
  uint32_t struct_size;       /* sizeof(afeed_param_info) */
  int32_t type;               /* afeed_param_type */
  const char* name;
  const char* default_value;  /* given to init when the run sets none; NULL: none */
  const char* help;           /* one line */
} afeed_param_info;

/* A parameter's value as init receives it: --set KEY=VALUE or the config
 * file's [params], as text (a config file's number, boolean, date, array or
 * table in its TOML text form: 42, 1.0, true, [1, 2]). Every declared
 * parameter with a default is there, set or not. */
typedef struct afeed_param {
  const char* key;
  const char* value;
} afeed_param;

/* A --data NAME=PATH data set: memory-mapped, read-only, valid until finish returns.
 * Its two fields never change, so an array of them keeps its stride while
 * afeed_array grows (it is reached through a pointer). */
typedef struct afeed_data_set {
  const char* name;
  const afeed_array* array;
} afeed_data_set;

/* Log levels for afeed_log. */
#define AFEED_LOG_DEBUG 1
#define AFEED_LOG_INFO 2
#define AFEED_LOG_WARN 3
#define AFEED_LOG_ERROR 4

/* How afeed_allreduce combines the ranks' values (ABI 2.1). */
#define AFEED_REDUCE_SUM 1
#define AFEED_REDUCE_MIN 2
#define AFEED_REDUCE_MAX 3

/* What arrayfeed offers a kernel: valid from init until finish returns. */
typedef struct afeed_host afeed_host;
struct afeed_host {
  uint32_t struct_size;
  /* A line into arrayfeed's log, attributed to the kernel: say what a slow
   * init is doing. From any thread, any call. */
  void (*log)(const afeed_host* host, int32_t level, const char* message);
  void* host_data; /* arrayfeed's own state: do not touch */
  /* ABI 2.1. Combines `count` values of `dtype` (AFEED_INT32, AFEED_INT64,
   * AFEED_FLOAT32 or AFEED_FLOAT64) at `data` across the job's ranks, in
   * place: every rank ends with the sums (minima, maxima: `op`). Only a
   * kernel flagged AFEED_KERNEL_COLLECTIVE may call it, from process or
   * finish, and every rank must make the same calls in the same order (the
   * ranks run such a kernel in lock step, one array each at a time). Alone,
   * the values stay as they are. Returns AFEED_OK, or AFEED_ERROR without
   * touching the values when refused (arrayfeed then fails the call, saying
   * why). Call it through afeed_allreduce. */
  int (*allreduce)(const afeed_host* host, void* data, size_t count, int32_t dtype, int32_t op);
};

/* afeed_host.log, spelled as a call. */
static inline void afeed_log(const afeed_host* host, int32_t level, const char* message) {
  host->log(host, level, message);
}

/* afeed_host.allreduce, spelled as a call; AFEED_ERROR from an arrayfeed
 * older than ABI 2.1, which has none (a kernel alone may then go on without). */
static inline int afeed_allreduce(const afeed_host* host, void* data, size_t count, afeed_dtype dtype, int32_t op) {
  if (!AFEED_HAS_FIELD(host, afeed_host, allreduce) || !host->allreduce) return AFEED_ERROR;
  return host->allreduce(host, data, count, (int32_t)dtype, op);
}

/* What init receives. The arrays of params and data_sets are valid during init
 * only (the data sets' memory stays valid until finish returns). */
typedef struct afeed_init_args {
  uint32_t struct_size;
  uint32_t host_abi_minor;  /* arrayfeed's AFEED_ABI_MINOR */
  const char* kernel_name;  /* which of the library's kernels this is */
  const afeed_host* host;
  const afeed_param* params;
  size_t n_params;
  const afeed_data_set* data_sets;
  size_t n_data_sets;
  /* The kernel's inputs as declared, arrayfeed's copy laid out as the kernel
   * declared them (its struct_size, its stride): init may narrow them (fewer
   * dtypes, a fixed last_dim, a tighter ndim range, STRIDED cleared, a larger
   * min_alignment, a note) but not widen them, nor change their names,
   * OPTIONAL flags or same_shape_as. Pointers stored here must stay valid
   * until finish returns. */
  afeed_input* inputs;
  uint32_t n_inputs;
  uint32_t reserved; /* ABI 2.0's padding, never read: 2.1's fields start past 2.0's struct_size */
  /* ABI 2.1: this process's rank of the job and how many ranks it has (0
   * and 1 without mpirun); read them with afeed_rank and afeed_size. Each
   * rank runs its own kernel: a collective one takes its share of the data. */
  int32_t rank;
  int32_t size;
} afeed_init_args;

/* The rank and the job's size, also from an arrayfeed older than ABI 2.1 (alone). */
static inline int32_t afeed_rank(const afeed_init_args* args) {
  return AFEED_HAS_FIELD(args, afeed_init_args, rank) ? args->rank : 0;
}
static inline int32_t afeed_size(const afeed_init_args* args) {
  return AFEED_HAS_FIELD(args, afeed_init_args, size) ? args->size : 1;
}

/* Where process puts its result and finish its summary: build it only with the
 * afeed_set_int / afeed_set_float / afeed_new_array / afeed_request_stop helpers
 * below. A result is either one value (name NULL) or named values, never both. */
typedef struct afeed_output afeed_output;
typedef struct afeed_output_api {
  uint32_t struct_size;
  int (*set_int)(afeed_output* out, const char* name, int64_t value);
  int (*set_float)(afeed_output* out, const char* name, double value);
  void* (*new_array)(afeed_output* out, const char* name, int32_t dtype, int32_t ndim, const int64_t* shape);
  void (*request_stop)(afeed_output* out);
} afeed_output_api;
struct afeed_output {
  const afeed_output_api* api;
  void* host; /* arrayfeed's own state: do not touch */
};

/* A whole-number result (name NULL) or named value. Returns AFEED_OK or AFEED_ERROR. */
static inline int afeed_set_int(afeed_output* out, const char* name, int64_t value) {
  return out->api->set_int(out, name, value);
}
/* A floating-point result or named value. Returns AFEED_OK or AFEED_ERROR. */
static inline int afeed_set_float(afeed_output* out, const char* name, double value) {
  return out->api->set_float(out, name, value);
}
/* A result array for process to write into: uninitialised, C-contiguous, 64-byte
 * aligned, owned by arrayfeed (do not free it or keep it after process returns).
 * arrayfeed hands this very memory to Python, without a copy. NULL if the dtype
 * or shape is invalid or memory ran out. */
static inline void* afeed_new_array(afeed_output* out, const char* name, afeed_dtype dtype, int32_t ndim,
                                    const int64_t* shape) {
  return out->api->new_array(out, name, (int32_t)dtype, ndim, shape);
}
/* Ends the run gracefully after this step: its result is kept; the steps
 * yielded after it are not processed, also when several are in flight
 * (--prefetch, --threads). The request belongs to this call only. */
static inline void afeed_request_stop(afeed_output* out) { out->api->request_stop(out); }

/* Kernel flags. */
#define AFEED_KERNEL_THREAD_SAFE 1u /* process may run on several threads at once */
/* ABI 2.1: process (and finish) reduce across ranks with afeed_allreduce, so
 * the ranks run in lock step: before each array they agree that every one
 * has one; the kernel is never called on several threads. An arrayfeed
 * older than 2.1 ignores the flag: check afeed_init_args.host_abi_minor. */
#define AFEED_KERNEL_COLLECTIVE 2u

/* One kernel a library offers. */
typedef struct afeed_kernel {
  uint32_t struct_size;      /* sizeof(afeed_kernel) */
  uint32_t flags;            /* AFEED_KERNEL_* */
  const char* name;          /* --kernel NAME */
  const char* description;   /* one line for `arrayfeed kernels` */
  const afeed_input* inputs; /* 1 to AFEED_MAX_INPUTS, in the order process receives them */
  uint32_t n_inputs;
  const afeed_param_info* params; /* the parameters it reads; NULL when none */
  uint32_t n_params;

  /* Once, before any process. Stores the kernel's own state in *state. */
  int (*init)(const afeed_init_args* args, void** state, char* error, size_t error_size);
  /* Once per step: inputs[i] is the array for declared input i, NULL for an
   * optional input the step left out. May leave `result` empty. */
  int (*process)(void* state, const afeed_array* const* inputs, uint32_t n_inputs, afeed_output* result,
                 char* error, size_t error_size);
  /* Once at the end if init succeeded (NULL: nothing to do); may fill
   * `summary` with named totals; frees the state. */
  int (*finish)(void* state, afeed_output* summary, char* error, size_t error_size);
} afeed_kernel;

/* What a plugin exports, as the constant `arrayfeed_entry`. */
typedef struct afeed_entry {
  uint32_t abi_major;         /* AFEED_ABI_MAJOR: read first; never moves */
  uint32_t abi_minor;         /* AFEED_ABI_MINOR the plugin was built with */
  uint32_t struct_size;       /* sizeof(afeed_entry) */
  uint32_t n_kernels;         /* at least 1 */
  const afeed_kernel* kernels;
} afeed_entry;

/* Fills the version fields of an afeed_entry: `AFEED_ENTRY(kernels, n)`. */
#define AFEED_ENTRY(kernels, n_kernels) \
  {AFEED_ABI_MAJOR, AFEED_ABI_MINOR, (uint32_t)sizeof(afeed_entry), (uint32_t)(n_kernels), (kernels)}

#if defined(__GNUC__)
#define AFEED_EXPORT __attribute__((visibility("default")))
#else
#define AFEED_EXPORT
#endif

/* The one symbol arrayfeed looks up: define it in exactly one source file. */
extern AFEED_EXPORT const afeed_entry arrayfeed_entry;

#ifdef __cplusplus
}
#endif

#endif /* ARRAYFEED_ARRAYFEED_H */

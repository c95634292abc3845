/* ABI 2 plugins for the tests that arrayfeed must refuse to load, one
 * library per define (see CMakeLists.txt). Without defines the kernel
 * `broken` (inputs a and b, b the shape of a) is valid; each define breaks
 * one field:
 *   ABI_MAJOR=n          claim another major version
 *   NULL_NAME, NULL_PROCESS, NO_INPUTS, TOO_MANY_INPUTS, DUPLICATE_INPUT,
 *   SHAPE_OF_UNKNOWN, SHAPE_OF_LATER, OPTIONAL_FIRST, BAD_DTYPE, BAD_NDIM, BAD_ALIGNMENT,
 *   BAD_PARAM_TYPE, SHORT_KERNEL, SHORT_INPUT */
#include <arrayfeed/arrayfeed.h>

#ifndef ABI_MAJOR
#define ABI_MAJOR AFEED_ABI_MAJOR
#endif

#if defined(BAD_DTYPE)
static const int32_t dtypes[] = {AFEED_FLOAT64, 99};
#else
static const int32_t dtypes[] = {AFEED_FLOAT64};
#endif

__attribute__((unused)) static int process(void* state, const afeed_array* const* inputs, uint32_t n_inputs, afeed_output* result,
                   char* error, size_t error_size) {
  (void)state, (void)inputs, (void)n_inputs, (void)error, (void)error_size;
  return afeed_set_int(result, NULL, 1);
}

#define INPUT(input_name, min, max, ...)                                                   \
  {.struct_size = sizeof(afeed_input), .name = input_name, .dtypes = dtypes,                 \
   .n_dtypes = sizeof dtypes / sizeof dtypes[0], .min_ndim = min, .max_ndim = max, __VA_ARGS__}

static const afeed_input inputs[65] = {
#if defined(SHORT_INPUT)
    {.struct_size = 8, .name = "a"},
#elif defined(BAD_NDIM)
    INPUT("a", 3, 2),
#elif defined(SHAPE_OF_LATER)
    INPUT("a", 1, 1, .same_shape_as = "b"),
#elif defined(OPTIONAL_FIRST)
    INPUT("a", 1, 1, .flags = AFEED_INPUT_OPTIONAL),
#else
    INPUT("a", 1, 1),
#endif
#if defined(DUPLICATE_INPUT)
    INPUT("a", 1, 1),
#elif defined(SHAPE_OF_UNKNOWN)
    INPUT("b", 1, 1, .same_shape_as = "c"),
#elif defined(BAD_ALIGNMENT)
    INPUT("b", 1, 1, .min_alignment = 48),
#else
    INPUT("b", 1, 1, .same_shape_as = "a"),
#endif
};

static const afeed_param_info params[] = {
#if defined(BAD_PARAM_TYPE)
    {.struct_size = sizeof(afeed_param_info), .type = 7, .name = "k"},
#else
    {.struct_size = sizeof(afeed_param_info), .type = AFEED_PARAM_INT, .name = "k"},
#endif
};

#if defined(NO_INPUTS)
#define N_INPUTS 0
#elif defined(TOO_MANY_INPUTS)
#define N_INPUTS 65
#else
#define N_INPUTS 2
#endif

static const afeed_kernel kernels[] = {
    {
#if defined(SHORT_KERNEL)
        .struct_size = 16,
#else
        .struct_size = sizeof(afeed_kernel),
#endif
#if !defined(NULL_NAME)
        .name = LIBRARY_NAME,
#endif
        .inputs = inputs, .n_inputs = N_INPUTS, .params = params, .n_params = 1,
#if !defined(NULL_PROCESS)
        .process = process,
#endif
    },
};

const afeed_entry arrayfeed_entry = {ABI_MAJOR, AFEED_ABI_MINOR, sizeof(afeed_entry), 1, kernels};

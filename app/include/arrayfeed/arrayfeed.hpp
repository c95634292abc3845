/* arrayfeed plugin ABI 2 for C++17: a kernel written as a class.
 *
 *   class Kernel {
 *    public:
 *     explicit Kernel(afeed::init_args& args);                    // init: params, data sets, narrowing, log
 *     void process(const afeed::inputs& in, afeed::output& out);  // once per step
 *     void finish(afeed::output& summary);                        // optional: named totals
 *   };                                                            // the destructor frees everything
 *
 *   constexpr afeed_input inputs[] = {afeed::input("x").dtypes(types).ndim(1, 1)};
 *   constexpr afeed_param_info params[] = {afeed::param("n", AFEED_PARAM_INT, "8", "one line of help")};
 *   constexpr afeed_kernel kernels[] = {afeed::kernel<Kernel>("name", "one line", inputs, params)};
 *   const afeed_entry arrayfeed_entry = afeed::entry(kernels);
 *
 * Throw to fail (std::runtime_error("what went wrong and the fix")): every
 * exception is caught at the boundary and becomes a status and a message, so
 * none reaches arrayfeed. Everything else follows arrayfeed/arrayfeed.h. The
 * names live in namespace afeed, the C prefix, apart from arrayfeed's own. */
#ifndef ARRAYFEED_ARRAYFEED_HPP
#define ARRAYFEED_ARRAYFEED_HPP

#include <arrayfeed/arrayfeed.h>

#include <cerrno>
#include <complex>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <new>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace afeed {

namespace detail {
template <class T> struct dtype_of;
template <afeed_dtype D> struct dtype_constant { static constexpr afeed_dtype value = D; };
}  // namespace detail

/// The afeed_dtype of a C++ element type: dtype_v<double> is AFEED_FLOAT64.
template <class T> constexpr afeed_dtype dtype_v = detail::dtype_of<T>::value;

namespace detail {
template <> struct dtype_of<bool> : dtype_constant<AFEED_BOOL> {};
template <> struct dtype_of<int8_t> : dtype_constant<AFEED_INT8> {};
template <> struct dtype_of<int16_t> : dtype_constant<AFEED_INT16> {};
template <> struct dtype_of<int32_t> : dtype_constant<AFEED_INT32> {};
template <> struct dtype_of<int64_t> : dtype_constant<AFEED_INT64> {};
template <> struct dtype_of<uint8_t> : dtype_constant<AFEED_UINT8> {};
template <> struct dtype_of<uint16_t> : dtype_constant<AFEED_UINT16> {};
template <> struct dtype_of<uint32_t> : dtype_constant<AFEED_UINT32> {};
template <> struct dtype_of<uint64_t> : dtype_constant<AFEED_UINT64> {};
template <> struct dtype_of<float> : dtype_constant<AFEED_FLOAT32> {};
template <> struct dtype_of<double> : dtype_constant<AFEED_FLOAT64> {};
template <> struct dtype_of<std::complex<float>> : dtype_constant<AFEED_COMPLEX64> {};
template <> struct dtype_of<std::complex<double>> : dtype_constant<AFEED_COMPLEX128> {};
}  // namespace detail

/// NumPy's name of an afeed_dtype, for messages.
inline const char* dtype_name(int32_t dtype) {
  static const char* const names[] = {"?",      "bool",   "int8",    "int16",   "int32",     "int64",     "uint8",
                                      "uint16", "uint32", "uint64",  "float32", "float64",   "complex64", "complex128"};
  return dtype >= AFEED_BOOL && dtype <= AFEED_COMPLEX128 ? names[dtype] : "unknown dtype";
}

/// A read-only array of arrayfeed's (an input of a step or a data set), or an
/// absent one (an optional input the step left out, a data set not given).
class array_view {
 public:
  array_view() = default;
  explicit array_view(const afeed_array* array) : m_array(array) {}

  bool present() const { return m_array != nullptr; }
  explicit operator bool() const { return present(); }
  afeed_dtype dtype() const { return static_cast<afeed_dtype>(raw().dtype); }
  int ndim() const { return raw().ndim; }
  int64_t extent(int d) const { return raw().shape[d]; }
  std::vector<int64_t> shape() const { return {raw().shape, raw().shape + raw().ndim}; }
  /// Elements in all: the product of the shape (1 for a 0-d array).
  int64_t size() const {
    int64_t n = 1;
    for (int d = 0; d < ndim(); ++d) n *= extent(d);
    return n;
  }
  /// The elements as T; throws unless the array holds T (the contract decides which may come).
  template <class T> const T* data() const {
    if (dtype() != dtype_v<T>)
      throw std::invalid_argument(std::string("array is ") + dtype_name(dtype()) + ", read as " +
                                  dtype_name(dtype_v<T>));
    return static_cast<const T*>(raw().data);
  }
  /// The C struct: throws when the array is absent.
  const afeed_array& raw() const {
    if (!m_array) throw std::logic_error("an absent array was read: check present() first");
    return *m_array;
  }

 private:
  const afeed_array* m_array = nullptr;
};

/// A step's arrays, in the order the kernel declared its inputs.
class inputs {
 public:
  inputs(const afeed_array* const* arrays, uint32_t count) : m_arrays(arrays), m_count(count) {}
  size_t size() const { return m_count; }
  /// Input i; absent when it is optional and the step left it out.
  array_view operator[](size_t i) const {
    if (i >= m_count) throw std::out_of_range("input " + std::to_string(i) + " is not declared");
    return array_view(m_arrays[i]);
  }

 private:
  const afeed_array* const* m_arrays;
  uint32_t m_count;
};

/// Where process puts its result and finish its totals: one value (no name)
/// or named values, never both. Each call throws when arrayfeed refuses it.
class output {
 public:
  explicit output(afeed_output* out) : m_out(out) {}

  void set_int(int64_t value) { set_int(nullptr, value); }
  void set_int(const char* name, int64_t value) { check(afeed_set_int(m_out, name, value), name); }
  void set_float(double value) { set_float(nullptr, value); }
  void set_float(const char* name, double value) { check(afeed_set_float(m_out, name, value), name); }

  /// Memory for a result array of T (arrayfeed's, handed to Python without a
  /// copy): write it during this call only. `name` nullptr: the one result.
  template <class T> T* new_array(const std::vector<int64_t>& shape, const char* name = nullptr) {
    void* data = afeed_new_array(m_out, name, dtype_v<T>, static_cast<int32_t>(shape.size()), shape.data());
    if (!data) throw std::runtime_error("no result array of " + std::to_string(shape.size()) + " dimensions " +
                                        "(an invalid shape, or out of memory)");
    return static_cast<T*>(data);
  }
  /// Ends the run gracefully after this step (see afeed_request_stop).
  void request_stop() { afeed_request_stop(m_out); }

 private:
  static void check(int status, const char* name) {
    if (status != AFEED_OK)
      throw std::logic_error(name ? std::string("could not set '") + name + "'" : "could not set the result");
  }
  afeed_output* m_out;
};

/// A line into arrayfeed's log, valid until finish returns: keep a copy to log from process.
class logger {
 public:
  explicit logger(const afeed_host* host) : m_host(host) {}
  void log(int32_t level, const std::string& message) const { afeed_log(m_host, level, message.c_str()); }
  void debug(const std::string& message) const { log(AFEED_LOG_DEBUG, message); }
  void info(const std::string& message) const { log(AFEED_LOG_INFO, message); }
  void warn(const std::string& message) const { log(AFEED_LOG_WARN, message); }

 private:
  const afeed_host* m_host;
};

/// The job's ranks as a kernel flagged AFEED_KERNEL_COLLECTIVE reduces over
/// them (ABI 2.1), valid until finish returns: keep a copy to reduce from
/// process or finish. Alone, a reduction leaves the values as they are.
class ranks {
 public:
  explicit ranks(const afeed_host* host) : m_host(host) {}
  /// Combines `count` values of int32_t, int64_t, float or double across the
  /// ranks, in place (op: AFEED_REDUCE_SUM, _MIN or _MAX); every rank must
  /// call it at the same point. Throws when arrayfeed refused it (it then
  /// fails the call, saying why) or is older than ABI 2.1.
  template <class T> void allreduce(T* data, size_t count, int32_t op = AFEED_REDUCE_SUM) const {
    if (afeed_allreduce(m_host, data, count, dtype_v<T>, op) != AFEED_OK)
      throw std::runtime_error("allreduce refused (arrayfeed's message says why)");
  }

 private:
  const afeed_host* m_host;
};

/// What the kernel's constructor receives: typed parameters, data sets by
/// name, the inputs to narrow, the log. Valid during the constructor only.
class init_args {
 public:
  explicit init_args(const afeed_init_args* args) : m_args(args) {}

  const char* kernel_name() const { return m_args->kernel_name; }
  uint32_t host_abi_minor() const { return m_args->host_abi_minor; }
  afeed::logger logger() const { return afeed::logger(m_args->host); }
  /// This process's rank of the job and how many there are (0 and 1 alone, or before ABI 2.1).
  int32_t rank() const { return afeed_rank(m_args); }
  int32_t size() const { return afeed_size(m_args); }
  /// The reductions of a collective kernel.
  afeed::ranks ranks() const { return afeed::ranks(m_args->host); }

  /// A parameter's text, or nullptr when the run set none (and it declares no default).
  const char* text(const char* name) const {
    for (size_t i = 0; i < m_args->n_params; ++i)
      if (std::strcmp(m_args->params[i].key, name) == 0) return m_args->params[i].value;
    return nullptr;
  }
  /// A parameter as T (std::string, bool, a whole number or floating-point
  /// type); throws naming it when it is missing or not a T.
  template <class T> T get(const char* name) const {
    const char* value = text(name);
    if (!value) throw std::invalid_argument(std::string("param ") + name + " is required: add --set " + name + "=...");
    return parse<T>(name, value);
  }
  /// A parameter as T, or `fallback` when the run set none.
  template <class T> T get(const char* name, T fallback) const {
    const char* value = text(name);
    return value ? parse<T>(name, value) : fallback;
  }

  /// The data set --data NAME=PATH (valid until finish returns); absent when not given.
  array_view data_set(const char* name) const {
    for (size_t i = 0; i < m_args->n_data_sets; ++i)
      if (std::strcmp(m_args->data_sets[i].name, name) == 0) return array_view(m_args->data_sets[i].array);
    return array_view();
  }
  /// An input's contract, arrayfeed's copy, to narrow (never widen); pointers stored must outlive the kernel.
  afeed_input& input(const char* name) const {
    for (uint32_t i = 0; i < m_args->n_inputs; ++i)
      if (std::strcmp(m_args->inputs[i].name, name) == 0) return m_args->inputs[i];
    throw std::logic_error(std::string("the kernel declares no input '") + name + "'");
  }

 private:
  template <class T> static T parse(const char* name, const char* value);
  [[noreturn]] static void refuse(const char* name, const char* value, const char* what) {
    throw std::invalid_argument(std::string("param ") + name + "='" + value + "' is not " + what);
  }
  const afeed_init_args* m_args;
};

template <class T> T init_args::parse(const char* name, const char* value) {
  char* end = nullptr;
  errno = 0;
  if constexpr (std::is_same_v<T, std::string>) {
    return value;
  } else if constexpr (std::is_same_v<T, bool>) {
    if (std::strcmp(value, "true") && std::strcmp(value, "false")) refuse(name, value, "true or false");
    return value[0] == 't';
  } else if constexpr (std::is_integral_v<T>) {
    const long long n = std::strtoll(value, &end, 10);
    if (end == value || *end || errno || n < static_cast<long long>(std::numeric_limits<T>::min()) ||
        static_cast<unsigned long long>(n) > static_cast<unsigned long long>(std::numeric_limits<T>::max()))
      refuse(name, value, "a whole number in range");
    return static_cast<T>(n);
  } else {
    static_assert(std::is_floating_point_v<T>, "get<T>: T is std::string, bool, a whole number or floating-point");
    const double x = std::strtod(value, &end);
    if (end == value || *end || errno) refuse(name, value, "a number");
    return static_cast<T>(x);
  }
}

/// An afeed_input built by name, field by field: input("x").dtypes(d).ndim(1, 2).optional().
class input {
  // Defined before its callers: clang 14 will not constant-evaluate a member
  // template that is defined later in the class.
  template <class F, class V> constexpr input with(F afeed_input::*field, V value) const {
    input c = *this;
    c.m.*field = value;
    return c;
  }
  afeed_input m;

 public:
  constexpr explicit input(const char* name)
      : m{sizeof(afeed_input), 0, name, nullptr, 0, 0, 32, 0, nullptr, 0, nullptr} {}
  /// The accepted dtypes (an array of static storage); without it, any.
  template <size_t N> constexpr input dtypes(const int32_t (&accepted)[N]) const {
    input c = *this;
    c.m.dtypes = accepted;
    c.m.n_dtypes = N;
    return c;
  }
  constexpr input ndim(int32_t min, int32_t max) const {
    return with(&afeed_input::min_ndim, min).with(&afeed_input::max_ndim, max);
  }
  constexpr input last_dim(int64_t n) const { return with(&afeed_input::last_dim, n); }
  constexpr input same_shape_as(const char* other) const { return with(&afeed_input::same_shape_as, other); }
  constexpr input min_alignment(uint32_t bytes) const { return with(&afeed_input::min_alignment, bytes); }
  constexpr input note(const char* rule) const { return with(&afeed_input::note, rule); }
  constexpr input optional() const { return with(&afeed_input::flags, m.flags | AFEED_INPUT_OPTIONAL); }
  constexpr input strided() const { return with(&afeed_input::flags, m.flags | AFEED_INPUT_STRIDED); }
  constexpr operator afeed_input() const { return m; }
};

/// A declared parameter: default_value nullptr when it has none.
constexpr afeed_param_info param(const char* name, afeed_param_type type, const char* default_value,
                                 const char* help) {
  return {sizeof(afeed_param_info), type, name, default_value, help};
}

namespace detail {
template <class K, class = void> struct has_finish : std::false_type {};
template <class K>
struct has_finish<K, std::void_t<decltype(std::declval<K&>().finish(std::declval<output&>()))>> : std::true_type {};

inline void write_error(char* error, size_t error_size, const char* message) noexcept {
  if (error_size > 0) std::snprintf(error, error_size, "%s", message);
}

/// Runs `call`, turning every exception into AFEED_ERROR and a message: none crosses into arrayfeed.
template <class F> int guard(char* error, size_t error_size, F&& call) noexcept {
  try {
    call();
    return AFEED_OK;
  } catch (const std::bad_alloc&) {
    write_error(error, error_size, "out of memory (std::bad_alloc)");
  } catch (const std::exception& e) {
    write_error(error, error_size, e.what());
  } catch (...) {
    write_error(error, error_size, "an exception not derived from std::exception");
  }
  return AFEED_ERROR;
}

template <class K> int init(const afeed_init_args* args, void** state, char* error, size_t error_size) {
  return guard(error, error_size, [&] {
    init_args view(args);
    *state = new K(view);
  });
}

template <class K>
int process(void* state, const afeed_array* const* arrays, uint32_t n, afeed_output* result, char* error,
            size_t error_size) {
  return guard(error, error_size, [&] {
    output out(result);
    static_cast<K*>(state)->process(inputs(arrays, n), out);
  });
}

template <class K> int finish(void* state, afeed_output* summary, char* error, size_t error_size) {
  int status = AFEED_OK;
  if constexpr (has_finish<K>::value) {
    status = guard(error, error_size, [&] {
      output out(summary);
      static_cast<K*>(state)->finish(out);
    });
  }
  delete static_cast<K*>(state);  // destructors do not throw
  return status;
}
}  // namespace detail

/// The afeed_kernel of class K: its name, one line of description, its inputs
/// and parameters (arrays of static storage), and flags (AFEED_KERNEL_THREAD_SAFE).
template <class K, size_t NI, size_t NP>
constexpr afeed_kernel kernel(const char* name, const char* description, const afeed_input (&inputs)[NI],
                              const afeed_param_info (&params)[NP], uint32_t flags = 0) {
  return {sizeof(afeed_kernel), flags, name, description, inputs, NI, params, NP,
          detail::init<K>, detail::process<K>, detail::finish<K>};
}

/// The afeed_kernel of class K for a kernel that reads no parameters.
template <class K, size_t NI>
constexpr afeed_kernel kernel(const char* name, const char* description, const afeed_input (&inputs)[NI],
                              uint32_t flags = 0) {
  return {sizeof(afeed_kernel), flags, name, description, inputs, NI, nullptr, 0,
          detail::init<K>, detail::process<K>, detail::finish<K>};
}

/// The library's arrayfeed_entry: `const afeed_entry arrayfeed_entry = afeed::entry(kernels);`.
template <size_t N> constexpr afeed_entry entry(const afeed_kernel (&kernels)[N]) {
  return {AFEED_ABI_MAJOR, AFEED_ABI_MINOR, sizeof(afeed_entry), N, kernels};
}

}  // namespace afeed

#endif /* ARRAYFEED_ARRAYFEED_HPP */

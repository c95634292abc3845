#include "kernels/plugin_output.hpp"

#include <algorithm>
#include <cstdint>
#include <new>

#include "core/utf8.hpp"
#include "kernels/plugin_dtypes.hpp"

namespace arrayfeed {
namespace {

std::string label(const char* name) {
  if (!name) return "the single result";
  // Appended piecewise: `"'" + std::string(name)` trips a false -Wrestrict in GCC 12.
  std::string quoted = "'";
  quoted.append(name).append("'");
  return quoted;
}

// NumPy's own limit: the bytes of the non-zero extents must fit in a
// ptrdiff_t. Checked before multiplying, since a wrapped product would
// allocate less than the plugin then writes.
bool too_big(const DType& type, const std::int64_t* shape, std::int32_t ndim) {
  std::int64_t bytes = type.itemsize;
  for (std::int32_t i = 0; i < ndim; ++i) {
    if (shape[i] == 0) continue;
    if (bytes > PTRDIFF_MAX / shape[i]) return true;
    bytes *= shape[i];
  }
  return false;
}

// A C bool is a byte the plugin may have set to any non-zero value. C++
// may read only 0 and 1 as a bool (anything else is undefined behaviour),
// and NumPy passes the byte on as it is (tobytes(), a .npy row).
void normalise_bool(Value& value) {
  auto* array = std::get_if<ResultArray>(&value);
  if (!array || array->dtype().kind != 'b') return;
  auto* bytes = array->as<std::uint8_t>();
  for (std::size_t i = 0; i < array->nbytes(); ++i) bytes[i] = bytes[i] != 0;
}

}  // namespace

PluginOutput::PluginOutput(KernelResult& target) : m_target(target) {
  static const af_output_api api{.set_int = &set_int<af_output>,
                                 .set_float = &set_float<af_output>,
                                 .new_array = &new_array<af_output>,
                                 .request_stop = &request_stop<af_output>};
  static const afeed_output_api api_v2{.struct_size = sizeof(afeed_output_api),
                                       .set_int = &set_int<afeed_output>,
                                       .set_float = &set_float<afeed_output>,
                                       .new_array = &new_array<afeed_output>,
                                       .request_stop = &request_stop<afeed_output>};
  m_output = {.api = &api, .host = this};
  m_output_v2 = {.api = &api_v2, .host = this};
}

void PluginOutput::normalise_bools() {
  if (auto* value = std::get_if<Value>(&m_target)) normalise_bool(*value);
  if (auto* named = std::get_if<NamedValues>(&m_target))
    for (NamedValue& v : *named) normalise_bool(v.value);
}

void PluginOutput::fail(std::string misuse) {
  if (m_misuse.empty()) m_misuse = std::move(misuse);
}

Value* PluginOutput::put(const char* name, Value value) {
  if (name && !is_utf8(name)) {
    fail("a value's name is not UTF-8 text (names become Python str and JSON keys)");
    return nullptr;
  }
  if (!name) {
    if (!std::holds_alternative<std::monostate>(m_target)) {
      fail("set the single result (name NULL) after another value; use either one unnamed value or named ones");
      return nullptr;
    }
    return &m_target.emplace<Value>(std::move(value));
  }
  if (std::holds_alternative<Value>(m_target)) {
    fail("set '" + std::string(name) + "' after the single result (name NULL); use either one or the other");
    return nullptr;
  }
  if (std::holds_alternative<std::monostate>(m_target)) m_target.emplace<NamedValues>();
  auto& named = std::get<NamedValues>(m_target);
  if (std::any_of(named.begin(), named.end(), [&](const NamedValue& v) { return v.name == name; })) {
    fail("set '" + std::string(name) + "' twice");
    return nullptr;
  }
  return &named.emplace_back(NamedValue{.name = name, .value = std::move(value)}).value;
}

template <class Out>
int PluginOutput::set_int(Out* out, const char* name, std::int64_t value) noexcept try {
  return self(out).put(name, value) ? AF_OK : AF_ERROR;
} catch (const std::exception&) {
  return AF_ERROR;
}

template <class Out>
int PluginOutput::set_float(Out* out, const char* name, double value) noexcept try {
  return self(out).put(name, value) ? AF_OK : AF_ERROR;
} catch (const std::exception&) {
  return AF_ERROR;
}

template <class Out>
void* PluginOutput::new_array(Out* out, const char* name, std::int32_t dtype, std::int32_t ndim,
                              const std::int64_t* shape) noexcept try {
  return self(out).new_array(name, dtype, ndim, shape);
} catch (const std::bad_alloc&) {
  self(out).fail("af_new_array(" + label(name) + "): out of memory");
  return nullptr;
} catch (const std::exception& e) {
  self(out).fail(std::string("af_new_array: ") + e.what());
  return nullptr;
}

void* PluginOutput::new_array(const char* name, std::int32_t dtype, std::int32_t ndim, const std::int64_t* shape) {
  const auto type = dtype_of_plugin_code(dtype);
  if (!type) {
    fail("af_new_array(" + label(name) + "): unknown dtype code " + std::to_string(dtype));
    return nullptr;
  }
  if (ndim < 0 || ndim > 32 || (ndim > 0 && !shape) ||
      std::any_of(shape, shape + std::max(ndim, 0), [](std::int64_t extent) { return extent < 0; })) {
    fail("af_new_array(" + label(name) + "): invalid shape (ndim " + std::to_string(ndim) + ")");
    return nullptr;
  }
  if (too_big(*type, shape, ndim)) {
    fail("af_new_array(" + label(name) + "): shape too large for memory");
    return nullptr;
  }
  Value* value = put(name, ResultArray::allocate(*type, {shape, shape + ndim}));
  return value ? std::get<ResultArray>(*value).data() : nullptr;
}

template <class Out>
void PluginOutput::request_stop(Out* out) noexcept {
  self(out).m_stop = true;
}

}  // namespace arrayfeed

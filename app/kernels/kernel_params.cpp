#include "kernels/kernel_params.hpp"

#include <charconv>
#include <system_error>

#include "core/errors.hpp"

namespace arrayfeed {
namespace {

// from_chars rather than stod: the whole text must be the number, and the
// locale (which an embedded Python may change) does not move the decimal point.
template <typename T>
T parse(const std::string& name, const std::string& text, const char* kind, const std::string& example) {
  T value{};
  const char* end = text.data() + text.size();
  const auto [stop, error] = std::from_chars(text.data(), end, value);
  if (error != std::errc() || stop != end)
    throw BackendError("parameter '" + name + "' must be " + kind + ", got '" + text + "': e.g. " + example);
  return value;
}

}  // namespace

std::int64_t whole_param(const Params& params, const std::string& name, std::int64_t fallback) {
  const auto it = params.find(name);
  if (it == params.end()) return fallback;
  return parse<std::int64_t>(name, it->second.text, "a whole number",
                             "--set " + name + "=" + std::to_string(fallback));
}

double number_param(const Params& params, const std::string& name, const std::string& example) {
  const auto it = params.find(name);
  if (it == params.end()) throw BackendError("parameter '" + name + "' is missing: give it, e.g. " + example);
  return parse<double>(name, it->second.text, "a number", example);
}

}  // namespace arrayfeed

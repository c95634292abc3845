#include "kernels/kernel_params.hpp"

#include <charconv>
#include <system_error>

#include "core/errors.hpp"

namespace arrayfeed {
namespace {

// from_chars rather than stod: the whole text must be the number, and the
// locale (which an embedded Python may change) does not move the decimal point.
template <typename T>
std::optional<T> read_as(const std::string& text) {
  T value{};
  const char* end = text.data() + text.size();
  const auto [stop, error] = std::from_chars(text.data(), end, value);
  if (error != std::errc() || stop != end) return std::nullopt;
  return value;
}

template <typename T>
T parse(const std::string& name, const std::string& text, ParamType type, const std::string& example) {
  const std::optional<T> value = read_as<T>(text);
  if (!value)
    throw BackendError("parameter '" + name + "' must be " + type_words(type) + ", got '" + text + "': e.g. " +
                       example);
  return *value;
}

}  // namespace

std::int64_t whole_param(const Params& params, const std::string& name, std::int64_t fallback) {
  const auto it = params.find(name);
  if (it == params.end()) return fallback;
  return parse<std::int64_t>(name, it->second.text, ParamType::whole, "--set " + name + "=" + std::to_string(fallback));
}

double number_param(const Params& params, const std::string& name, const std::string& example) {
  const auto it = params.find(name);
  if (it == params.end()) throw BackendError("parameter '" + name + "' is missing: give it, e.g. " + example);
  return parse<double>(name, it->second.text, ParamType::number, example);
}

bool spells(ParamType type, const std::string& text) {
  switch (type) {
    case ParamType::whole: return read_as<std::int64_t>(text).has_value();
    case ParamType::number: return read_as<double>(text).has_value();
    case ParamType::boolean: return text == "true" || text == "false";
    case ParamType::text: return true;
  }
  return false;
}

const char* type_name(ParamType type) {
  switch (type) {
    case ParamType::whole: return "whole";
    case ParamType::number: return "number";
    case ParamType::boolean: return "boolean";
    case ParamType::text: return "text";
  }
  return "?";
}

const char* type_words(ParamType type) {
  switch (type) {
    case ParamType::whole: return "a whole number";
    case ParamType::number: return "a number";
    case ParamType::boolean: return "true or false";
    case ParamType::text: return "text";
  }
  return "?";
}

}  // namespace arrayfeed

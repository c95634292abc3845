#include "job/declared_params.hpp"

#include "core/errors.hpp"
#include "kernels/kernel_params.hpp"

namespace arrayfeed {
namespace {

std::string example(const ParamInfo& info) {
  if (info.default_value) return *info.default_value;
  switch (info.type) {
    case ParamType::whole: return "10";
    case ParamType::number: return "0.5";
    case ParamType::boolean: return "true";
    case ParamType::text: return "text";
  }
  return "";
}

// A config file's typed value reaches here as the TOML text it spells: 2.0
// for a whole parameter is refused as --set bins=2.0 would be.
void check_type(const ParamInfo& info, const Param& value, const std::string& kernel) {
  if (spells(info.type, value.text)) return;
  throw UsageError("parameter '" + info.name + "' of kernel '" + kernel + "' must be " + type_words(info.type) +
                   ", got '" + value.text + "': e.g. --set " + info.name + "=" + example(info));
}

}  // namespace

Params with_declared(const Params& given, const ParamInfos& declared, const std::string& kernel) {
  Params params = given;
  for (const ParamInfo& info : declared) {
    const auto it = params.find(info.name);
    if (it != params.end())
      check_type(info, it->second, kernel);
    else if (info.default_value)
      params.emplace(info.name, Param(*info.default_value));
  }
  return params;
}

}  // namespace arrayfeed

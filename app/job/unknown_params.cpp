#include "job/unknown_params.hpp"

#include <algorithm>

#include "core/edit_distance.hpp"

namespace arrayfeed {
namespace {

// Close: one name starts the other ("bin" for "bins"), or one edit apart,
// two for names of four letters or more (a swap, "bnis" for "bins", is two).
bool looks_like(const std::string& key, const std::string& name) {
  if (key.starts_with(name) || name.starts_with(key)) return true;
  const std::size_t allowed = std::min(key.size(), name.size()) >= 4 ? 2 : 1;
  return edit_distance(key, name) <= allowed;
}

std::string suggestion(const std::string& key, const std::set<std::string>& known) {
  const std::string* best = nullptr;
  std::size_t best_distance = 0;
  for (const std::string& name : known) {
    if (!looks_like(key, name)) continue;
    const std::size_t distance = edit_distance(key, name);
    if (!best || distance < best_distance) best = &name, best_distance = distance;
  }
  return best ? "; did you mean '" + *best + "'?" : "";
}

}  // namespace

std::vector<std::string> unknown_params(const Params& given, const ParamInfos& declared,
                                        const std::set<std::string>& read, const std::string& kernel) {
  std::set<std::string> known = read;
  for (const ParamInfo& info : declared) known.insert(info.name);
  std::vector<std::string> warnings;
  for (const auto& [key, value] : given) {
    if (known.contains(key)) continue;
    warnings.push_back("parameter '" + key + "' was set but kernel '" + kernel +
                       "' does not declare it and the script did not read it" + suggestion(key, known));
  }
  return warnings;
}

}  // namespace arrayfeed

#include "core/run_options_json.hpp"

#include <spdlog/fmt/fmt.h>

#include "core/json_text.hpp"

namespace arrayfeed {
namespace {

void append_text_or_null(std::string& out, const std::optional<std::string>& text) {
  if (text) {
    append_json(out, *text);
  } else {
    out += "null";
  }
}

std::optional<std::string> path_text(const std::optional<std::filesystem::path>& path) {
  return path ? std::optional(path->string()) : std::nullopt;
}

std::string_view progress_name(ProgressMode mode) {
  switch (mode) {
    case ProgressMode::live: return "live";
    case ProgressMode::log: return "log";
    case ProgressMode::off: break;
  }
  return "off";
}

// "name": value pairs whose values are the strings `texts` (null where unset).
void append_members(std::string& out, std::initializer_list<std::pair<std::string_view, std::optional<std::string>>> texts) {
  for (const auto& [name, text] : texts) {
    append_json(out, name);
    out += ": ";
    append_text_or_null(out, text);
    out += ", ";
  }
}

void append_paths(std::string& out, const std::vector<std::filesystem::path>& paths) {
  out += "[";
  for (std::size_t i = 0; i < paths.size(); ++i) {
    if (i > 0) out += ", ";
    append_json(out, paths[i].string());
  }
  out += "]";
}

// Data sets and params as objects: name to path, key to the text given.
template <class Pairs, class Text>
void append_object(std::string& out, const Pairs& pairs, Text text) {
  out += "{";
  bool first = true;
  for (const auto& pair : pairs) {
    if (!first) out += ", ";
    first = false;
    const auto& [name, value] = text(pair);
    append_json(out, name);
    out += ": ";
    append_json(out, value);
  }
  out += "}";
}

}  // namespace

void append_json(std::string& out, const RunOptions& o) {
  out += "{";
  append_members(out, {{"script", path_text(o.script)}, {"entry", o.entry}, {"kernel", o.kernel}});
  out += "\"plugins\": ";
  append_paths(out, o.plugins);
  out += ", \"data\": ";
  append_object(out, o.data, [](const DataSpec& d) { return std::pair{d.name, d.path.string()}; });
  out += ", \"params\": ";
  append_object(out, o.params, [](const auto& p) { return std::pair{p.first, p.second.text}; });
  out += ", ";
  append_members(out, {{"output", path_text(o.output)}, {"metrics", path_text(o.metrics)},
                       {"timings", path_text(o.timings)}});
  out += fmt::format("\"max_arrays\": {}, \"prefetch\": {}, \"threads\": {}, \"convert\": {}, \"quiet\": {}, "
                     "\"progress\": \"{}\"}}",
                     o.max_arrays ? std::to_string(*o.max_arrays) : "null", o.prefetch, o.threads, o.convert,
                     o.quiet, progress_name(o.progress));
}

}  // namespace arrayfeed

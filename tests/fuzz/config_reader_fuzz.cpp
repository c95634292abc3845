// libFuzzer target: any bytes as a config file's text. read_config() must
// return or throw UsageError (a message with file:line:column), nothing else:
// no crash, no other exception, no hang.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "cli/config_reader.hpp"
#include "core/errors.hpp"

namespace {

// The keys of `run`, with every kind of value a key can take.
const std::vector<arrayfeed::ConfigKey> kKeys{
    {"script", arrayfeed::ValueKind::file},           {"entry", arrayfeed::ValueKind::text},
    {"kernel", arrayfeed::ValueKind::text},           {"plugin", arrayfeed::ValueKind::file, true},
    {"data", arrayfeed::ValueKind::named_file, true}, {"set", arrayfeed::ValueKind::text, true},
    {"output", arrayfeed::ValueKind::new_file},       {"max-arrays", arrayfeed::ValueKind::count},
    {"threads", arrayfeed::ValueKind::count},         {"convert", arrayfeed::ValueKind::flag},
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    arrayfeed::read_config(text, "fuzz/job.toml", "run", kKeys);
  } catch (const arrayfeed::UsageError&) {
    // a refused file: the expected outcome for most inputs
  }
  return 0;
}

#include "core/memory_limit.hpp"

#include <sys/resource.h>

namespace arrayfeed {

std::string address_space_limit_text() {
  rlimit limit{};
  if (getrlimit(RLIMIT_AS, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY) return "";
  return "the address-space limit of " + std::to_string(limit.rlim_cur >> 20) + " MiB (ulimit -v)";
}

std::string out_of_memory_fix() {
  const std::string limit = address_space_limit_text();
  return limit.empty() ? "free some memory and try again" : "raise " + limit;
}

}  // namespace arrayfeed

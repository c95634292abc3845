#pragma once

#include <string>

namespace arrayfeed {

/// "the address-space limit of 30 MiB (ulimit -v)", or "" when the process has
/// no such limit: the usual reason why start-up runs out of memory.
std::string address_space_limit_text();

/// What to do after running out of memory: raise that limit, or free memory.
std::string out_of_memory_fix();

}  // namespace arrayfeed

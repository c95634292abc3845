#include "core/launcher.hpp"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <optional>

namespace arrayfeed {
namespace {

std::optional<int> whole_number(const char* name) {
  const char* text = std::getenv(name);
  if (!text) return std::nullopt;
  int value = 0;
  const char* end = text + std::strlen(text);
  const auto [stop, error] = std::from_chars(text, end, value);
  if (error != std::errc() || stop != end || value < 0) return std::nullopt;
  return value;
}

}  // namespace

Launch launch_from_environment() {
  Launch launch;
  struct Names {
    const char* size;
    const char* rank;
    const char* local_size;
  };
  for (const auto& [size, rank, local_size] : {Names{"OMPI_COMM_WORLD_SIZE", "OMPI_COMM_WORLD_RANK", "OMPI_COMM_WORLD_LOCAL_SIZE"},
                                               Names{"PMI_SIZE", "PMI_RANK", "MPI_LOCALNRANKS"}}) {
    const std::optional<int> n = whole_number(size);
    if (!n) continue;
    launch.launched = true;
    launch.size = std::max(*n, 1);
    launch.rank = whole_number(rank).value_or(0);
    launch.local_size = std::max(whole_number(local_size).value_or(1), 1);
    return launch;
  }
  // PMIx names the rank but not the size; MPI_Init learns it.
  if (const std::optional<int> rank = whole_number("PMIX_RANK")) {
    launch.launched = true;
    launch.rank = *rank;
  }
  return launch;
}

}  // namespace arrayfeed

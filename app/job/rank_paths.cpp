#include "job/rank_paths.hpp"

#include <string>

#include "core/errors.hpp"
#include "core/output_file.hpp"

namespace arrayfeed {
namespace {

constexpr std::string_view kRank = "{rank}";

bool names_rank(const std::filesystem::path& path) { return path.string().find(kRank) != std::string::npos; }

std::filesystem::path with_rank(const std::filesystem::path& path, int rank) {
  std::string text = path.string();
  for (std::size_t at = text.find(kRank); at != std::string::npos; at = text.find(kRank, at))
    text.replace(at, kRank.size(), std::to_string(rank));
  return text;
}

// A file every rank writes its own of needs {rank} in its name; on the
// standard output each rank's lines carry its rank.
void refuse_shared(const std::optional<std::filesystem::path>& path, const std::string& flag, int ranks) {
  if (!path || names_rank(*path) || is_standard_output(*path) || ranks == 1) return;
  throw UsageError(flag + " '" + path->string() + "' would be written by each of the " + std::to_string(ranks) +
                   " ranks: put {rank} in its name (e.g. '" + path->stem().string() + "-{rank}" +
                   path->extension().string() + "'), and each rank writes its own file");
}

}  // namespace

RunOptions for_rank(RunOptions options, const Communicator& ranks, bool lock_step) {
  const int rank = ranks.rank();
  if (lock_step && rank != 0) options.output.reset();
  if (!lock_step) refuse_shared(options.output, "--output", ranks.size());
  if (options.output) options.output = with_rank(*options.output, rank);
  // Each rank times its own arrays, in lock step too.
  refuse_shared(options.timings, "--timings", ranks.size());
  if (options.timings) options.timings = with_rank(*options.timings, rank);
  if (options.metrics && !names_rank(*options.metrics) && rank != 0) options.metrics.reset();
  if (options.metrics) options.metrics = with_rank(*options.metrics, rank);
  return options;
}

}  // namespace arrayfeed

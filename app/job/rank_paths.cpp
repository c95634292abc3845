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

}  // namespace

RunOptions for_rank(RunOptions options, const Communicator& ranks, bool lock_step) {
  const int rank = ranks.rank();
  if (lock_step && rank != 0) options.output.reset();
  // On the standard output each rank's lines carry its rank.
  if (options.output && !names_rank(*options.output) && !is_standard_output(*options.output) && ranks.size() > 1 &&
      !lock_step)
    throw UsageError("--output '" + options.output->string() + "' would be written by each of the " +
                     std::to_string(ranks.size()) + " ranks: put {rank} in its name (e.g. '" +
                     options.output->stem().string() + "-{rank}" + options.output->extension().string() +
                     "'), and each rank writes its own file");
  if (options.output) options.output = with_rank(*options.output, rank);
  if (options.metrics && !names_rank(*options.metrics) && rank != 0) options.metrics.reset();
  if (options.metrics) options.metrics = with_rank(*options.metrics, rank);
  return options;
}

}  // namespace arrayfeed

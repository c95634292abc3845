#include "core/rank_agreement.hpp"

#include <array>
#include <cstdint>

namespace arrayfeed {
namespace {

// A failure travels as (size - rank) * kCodes + code, so the maximum is the
// lowest-numbered failing rank, carrying its code. The code is what the
// process would exit with: its low 8 bits (SystemExit(-1) exits 255,
// SystemExit(256) exits 0, no failure).
constexpr std::int64_t kCodes = 256;

}  // namespace

Agreement agree(Communicator& ranks, const RankState& mine) {
  const std::int64_t size = ranks.size();
  const std::int64_t code = mine.exit_code & (kCodes - 1);
  std::array<std::int64_t, 3> state{
      mine.has_array ? 0 : 1,
      mine.stopping ? 1 : 0,
      code != 0 ? (size - ranks.rank()) * kCodes + code : 0,
  };
  ranks.allreduce(state.data(), state.size(), dtypes::int64, ReduceOp::max);
  Agreement agreed{.all_have_array = state[0] == 0, .stop = state[1] != 0, .failure = std::nullopt};
  if (state[2] != 0)
    agreed.failure = RankFailure{.rank = static_cast<int>(size - state[2] / kCodes),
                                 .exit_code = static_cast<int>(state[2] % kCodes)};
  return agreed;
}

}  // namespace arrayfeed

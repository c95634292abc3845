#include <doctest/doctest.h>

#include <cstdint>
#include <cstring>
#include <vector>

#include "core/early_exit.hpp"
#include "core/errors.hpp"
#include "core/rank_agreement.hpp"
#include "job/rank_failures.hpp"
#include "job/rank_paths.hpp"

using namespace arrayfeed;

namespace {

/// Rank `rank` of `others.size() + 1` ranks, whose other ranks bring the
/// int64 values given (one vector each) to a MAX-allreduce.
class FakeRanks final : public Communicator {
 public:
  FakeRanks(int rank, std::vector<std::vector<std::int64_t>> others) : m_rank(rank), m_others(std::move(others)) {}
  int rank() const override { return m_rank; }
  int size() const override { return static_cast<int>(m_others.size()) + 1; }
  void allreduce(void* data, std::size_t count, DType, ReduceOp) override {
    auto* values = static_cast<std::int64_t*>(data);
    for (const auto& other : m_others)
      for (std::size_t i = 0; i < count; ++i) values[i] = std::max(values[i], other[i]);
  }

 private:
  void end_every_rank(int) override {}
  int m_rank;
  std::vector<std::vector<std::int64_t>> m_others;
};

/// What rank `rank` of `size` brings for `state`, as agree() encodes it.
std::vector<std::int64_t> brings(int rank, int size, const RankState& state) {
  std::vector<std::int64_t> seen;
  struct Recorder final : Communicator {
    int r, s;
    std::vector<std::int64_t>* out;
    int rank() const override { return r; }
    int size() const override { return s; }
    void allreduce(void* data, std::size_t count, DType, ReduceOp) override {
      out->assign(static_cast<std::int64_t*>(data), static_cast<std::int64_t*>(data) + count);
    }
    void end_every_rank(int) override {}
  } recorder;
  recorder.r = rank;
  recorder.s = size;
  recorder.out = &seen;
  agree(recorder, state);
  return seen;
}

}  // namespace

TEST_CASE("ranks agree on the lowest-numbered failing rank and its exit code") {
  FakeRanks rank0(0, {brings(1, 3, {.exit_code = 3}), brings(2, 3, {.exit_code = 1})});
  const Agreement agreed = agree(rank0, {});
  REQUIRE(agreed.failure);
  CHECK(agreed.failure->rank == 1);
  CHECK(agreed.failure->exit_code == 3);
  CHECK(agreed.all_have_array);
  CHECK_FALSE(agreed.stop);

  FakeRanks rank2(2, {brings(0, 3, {}), brings(1, 3, {.exit_code = 143})});
  const Agreement mine_too = agree(rank2, {.exit_code = 1});
  REQUIRE(mine_too.failure);
  CHECK(mine_too.failure->rank == 1);
  CHECK(mine_too.failure->exit_code == 143);
}

TEST_CASE("one rank without an array, or stopping, is every rank's end") {
  FakeRanks rank0(0, {brings(1, 2, {.has_array = false})});
  CHECK_FALSE(agree(rank0, {}).all_have_array);
  FakeRanks stopping(0, {brings(1, 2, {.has_array = false, .stopping = true})});
  CHECK(agree(stopping, {}).stop);
  FakeRanks fine(1, {brings(0, 2, {})});
  const Agreement agreed = agree(fine, {});
  CHECK(agreed.all_have_array);
  CHECK_FALSE(agreed.failure);
}

TEST_CASE("a rank learns of another's failure as RankFailed with that rank's code; its own stays its own") {
  FakeRanks rank0(0, {brings(1, 2, {.exit_code = 3})});
  CHECK_THROWS_WITH_AS(agree_on_failures(rank0, nullptr), doctest::Contains("rank 1 failed (exit code 3)"),
                       RankFailed);
  try {
    agree_on_failures(rank0, nullptr);
  } catch (const RankFailed& e) {
    CHECK(e.exit_code() == 3);
  }
  FakeRanks rank1(1, {brings(0, 2, {})});
  CHECK_NOTHROW(agree_on_failures(rank1, std::make_exception_ptr(ScriptError("mine"))));
  // Another's failure this rank learnt of earlier is not a failure of its own.
  FakeRanks rank1_again(1, {brings(0, 2, {})});
  CHECK_NOTHROW(agree_on_failures(rank1_again, std::make_exception_ptr(RankFailed(0, 1))));
}

TEST_CASE("a rank that failed with the same code as a lower rank keeps its own error; with another it learns") {
  // Both stopped by SIGTERM (mpirun signals every rank): rank 1 says its own stop, with the job's code.
  FakeRanks rank1(1, {brings(0, 2, {.has_array = false, .exit_code = 143})});
  CHECK_FALSE(agree_on_failures(rank1, std::make_exception_ptr(terminated())));
  FakeRanks rank1_other(1, {brings(0, 2, {.has_array = false, .exit_code = 1})});
  CHECK_THROWS_WITH_AS(agree_on_failures(rank1_other, std::make_exception_ptr(terminated())),
                       doctest::Contains("rank 0 failed (exit code 1)"), RankFailed);
}

TEST_CASE("each rank's paths: {rank} becomes its number; independent ranks need it in --output") {
  RunOptions options;
  options.output = "out-{rank}.jsonl";
  options.metrics = "metrics.json";
  FakeRanks rank1(1, {{}});
  const RunOptions independent = for_rank(options, rank1, false);
  CHECK(independent.output->string() == "out-1.jsonl");
  CHECK_FALSE(independent.metrics);  // rank 0's alone
  CHECK_FALSE(for_rank(options, rank1, true).output);  // in lock step rank 0 writes
  FakeRanks rank0(0, {{}});
  CHECK(for_rank(options, rank0, true).output->string() == "out-0.jsonl");
  CHECK(for_rank(options, rank0, false).metrics->string() == "metrics.json");
  options.output = "out.npy";
  CHECK_THROWS_WITH_AS(for_rank(options, rank0, false), doctest::Contains("put {rank} in its name (e.g. 'out-{rank}.npy')"),
                       UsageError);
  CHECK(for_rank(options, rank0, true).output->string() == "out.npy");
  SoloCommunicator alone;
  CHECK(for_rank(options, alone, false).output->string() == "out.npy");
}

#pragma once

#include <optional>

namespace arrayfeed {

/// The lowest-numbered failing rank and its exit code, or one rank's failure as it announced it.
struct RankFailure {
  int rank = 0;
  int exit_code = 0;
};

/// Word of a failure between ranks that run at their own pace (independent
/// kernels): the failing rank tells the others at once, so they stop within
/// a few arrays instead of finishing their work first.
class RankNotices {
 public:
  virtual ~RankNotices() = default;
  /// Tells every other rank that this one failed with `exit_code`; returns at once.
  virtual void announce_failure(int exit_code) = 0;
  /// The first failure another rank announced, once it has arrived; only
  /// once: later calls return none (a loop draining after it goes on).
  virtual std::optional<RankFailure> heard() = 0;
};

/// A process alone: no one to tell, nothing to hear.
class NoNotices final : public RankNotices {
 public:
  void announce_failure(int) override {}
  std::optional<RankFailure> heard() override { return std::nullopt; }
};

}  // namespace arrayfeed

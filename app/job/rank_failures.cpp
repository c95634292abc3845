#include "job/rank_failures.hpp"

#include <spdlog/spdlog.h>

#include "core/errors.hpp"
#include "core/rank_agreement.hpp"

namespace arrayfeed {
namespace {

void log_own_error(const std::exception_ptr& error) {
  try {
    std::rethrow_exception(error);
  } catch (const std::exception& e) {
    spdlog::error("{}", e.what());
  } catch (...) {  // EarlyExit: its own warning follows from the caller's end
  }
}

}  // namespace

int own_exit_code(const std::exception_ptr& error) {
  if (!error) return 0;
  try {
    std::rethrow_exception(error);
  } catch (const RankFailed&) {
    return 0;
  } catch (...) {
    return exit_code_of(error);
  }
}

bool agree_on_failures(Communicator& host, const std::exception_ptr& mine) {
  if (host.size() == 1) return !mine;
  const int own = own_exit_code(mine);
  const Agreement agreed = agree(host, {.has_array = !mine, .exit_code = own});
  if (!agreed.failure || agreed.failure->rank == host.rank()) return agreed.all_have_array;
  // Stopped for the same reason as the lowest failing rank (SIGTERM to every
  // rank from mpirun, say): this rank's own error says it, with the same code.
  if (own == agreed.failure->exit_code) return false;
  if (own != 0) log_own_error(mine);
  throw RankFailed(agreed.failure->rank, agreed.failure->exit_code);
}

}  // namespace arrayfeed

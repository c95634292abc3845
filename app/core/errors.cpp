#include "core/errors.hpp"

#include "core/early_exit.hpp"

namespace arrayfeed {

RankFailed::RankFailed(int rank, int exit_code)
    : Error("rank " + std::to_string(rank) + " failed (exit code " + std::to_string(exit_code) +
            "), so this rank stopped too; rank " + std::to_string(rank) + "'s own messages say why"),
      m_exit_code(exit_code) {}

int exit_code_of(const std::exception_ptr& error) {
  try {
    std::rethrow_exception(error);
  } catch (const EarlyExit& exit) {
    return exit.exit_code;
  } catch (const Error& e) {
    return e.exit_code();
  } catch (...) {
    return ExitBackendFailed;
  }
}

}  // namespace arrayfeed

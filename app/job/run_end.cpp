#include "job/run_end.hpp"

#include "core/early_exit.hpp"
#include "core/errors.hpp"

namespace arrayfeed {

void record_end(RunSummary& summary, const std::exception_ptr& error) {
  try {
    std::rethrow_exception(error);
  } catch (const EarlyExit& exit) {
    summary.end_reason = exit.reason;
    summary.end_text = exit.text;
    summary.exit_code = exit.exit_code;
  } catch (...) {
    summary.end_reason = EndReason::failed;
    summary.exit_code = exit_code_of(error);
  }
}

}  // namespace arrayfeed

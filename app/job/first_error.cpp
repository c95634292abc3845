#include "job/first_error.hpp"

#include <spdlog/spdlog.h>

#include "core/early_exit.hpp"

namespace arrayfeed {

void FirstError::note(const std::exception_ptr& error) noexcept {
  if (!m_first) {
    m_first = error;
    return;
  }
  try {
    std::rethrow_exception(error);
  } catch (const EarlyExit& exit) {
    spdlog::warn("while ending after an error: {}", exit.text);
  } catch (const std::exception& e) {
    spdlog::error("while ending after an error: {}", e.what());
  } catch (...) {
    spdlog::error("while ending after an error: an exception that is not a std::exception");
  }
}

bool FirstError::ends_well() const {
  if (!m_first) return true;
  try {
    std::rethrow_exception(m_first);
  } catch (const EarlyExit& exit) {
    return exit.exit_code == ExitSuccess;
  } catch (...) {
    return false;
  }
}

void FirstError::rethrow() const {
  if (m_first) std::rethrow_exception(m_first);
}

}  // namespace arrayfeed

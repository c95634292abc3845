#include "core/end_reason.hpp"

namespace arrayfeed {

std::string_view end_reason_name(EndReason reason) {
  switch (reason) {
    case EndReason::not_started: return "not_started";
    case EndReason::exhausted: return "exhausted";
    case EndReason::max_arrays: return "max_arrays";
    case EndReason::kernel_stop: return "kernel_stop";
    case EndReason::interrupted: return "interrupted";
    case EndReason::terminated: return "terminated";
    case EndReason::system_exit: return "system_exit";
    case EndReason::failed: return "failed";
  }
  return "failed";
}

std::string_view end_reason_words(EndReason reason) {
  switch (reason) {
    case EndReason::not_started: return "not started";
    case EndReason::exhausted: return "exhausted";
    case EndReason::max_arrays: return "max-arrays reached";
    case EndReason::kernel_stop: return "the kernel asked to stop";
    case EndReason::interrupted: return "interrupted (SIGINT)";
    case EndReason::terminated: return "terminated (SIGTERM)";
    case EndReason::system_exit: return "SystemExit";
    case EndReason::failed: return "failed (see the error below)";
  }
  return "failed";
}

}  // namespace arrayfeed

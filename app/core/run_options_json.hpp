#pragma once

#include <string>

#include "core/run_options.hpp"

namespace arrayfeed {

/// Appends the options a run was given as one JSON object (--metrics'
/// "options"): paths as given, null for what was not set, params as text.
void append_json(std::string& out, const RunOptions& options);

}  // namespace arrayfeed

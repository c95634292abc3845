#pragma once

#include <vector>

#include "arrayfeed/arrayfeed.h"
#include "core/kernel_inputs.hpp"

namespace arrayfeed {

/// The inputs a plugin declares (ABI 2's afeed_input; an ABI 1 descriptor's
/// lone input adapted to it) as the host's KernelInputs. Throws BackendError
/// naming the field ("inputs[1] 'b': ..."; without that prefix for a lone
/// input of ABI 1, whose messages predate names).
KernelInputs translate_inputs(const std::vector<afeed_input>& declared, bool name_fields = true);

/// Throws BackendError naming the input and the field when `narrowed` (what
/// init left in its copy) widens `declared` anywhere or changes what init may
/// not change (a name, OPTIONAL, same_shape_as).
void check_narrowing(const std::vector<afeed_input>& declared, const std::vector<afeed_input>& narrowed);

}  // namespace arrayfeed

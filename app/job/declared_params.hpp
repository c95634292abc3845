#pragma once

#include <string>

#include "core/param_info.hpp"
#include "core/params.hpp"

namespace arrayfeed {

/// The parameters a run gives its kernel and its script: those set (--set,
/// [params]) plus the default of each declared parameter not set, so the
/// script's ctx.params holds the very values the kernel reads.
/// Throws UsageError naming the parameter, `kernel`, the value and the fix
/// when a declared parameter's value does not spell its type.
Params with_declared(const Params& given, const ParamInfos& declared, const std::string& kernel);

}  // namespace arrayfeed

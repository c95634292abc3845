#pragma once

#include <set>
#include <string>
#include <vector>

#include "core/param_info.hpp"
#include "core/params.hpp"

namespace arrayfeed {

/// One warning for each parameter set (`given`) that the kernel does not
/// declare and the script did not read (`read`): most likely a typo. Names a
/// declared or read parameter it is close to ("did you mean 'bins'?").
/// Only for a kernel that declares its parameters: an ABI v1 plugin may read any.
std::vector<std::string> unknown_params(const Params& given, const ParamInfos& declared,
                                        const std::set<std::string>& read, const std::string& kernel);

}  // namespace arrayfeed

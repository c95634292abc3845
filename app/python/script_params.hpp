#pragma once

#include <pybind11/pybind11.h>

#include "core/params.hpp"

namespace arrayfeed {

/// ctx.params (and what data_sets(params) gets): a typed Param as the Python
/// object its TOML value means (int, float, bool, str, datetime, list, dict,
/// as tomllib reads it), any other as a str.
pybind11::dict script_params(const Params& params);

}  // namespace arrayfeed

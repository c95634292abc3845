#pragma once

#include <string>

#include <pybind11/pybind11.h>

#include "core/input_contract.hpp"
#include "core/params.hpp"

namespace arrayfeed {

/// The `ctx` the entry function receives: ctx.params, ctx.data, ctx.kernel
/// (name, description, contract) and ctx.log (a logging.Logger into spdlog).
pybind11::object make_context(const Params& params, const pybind11::dict& data, const std::string& kernel_name,
                              const std::string& kernel_description, const InputContract& contract);

}  // namespace arrayfeed

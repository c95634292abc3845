#pragma once

#include <cstdint>
#include <optional>

#include "core/dtype.hpp"

namespace arrayfeed {

/// The DType of an af_dtype code from a plugin; nullopt for an unknown code.
std::optional<DType> dtype_of_plugin_code(std::int32_t code);
/// The af_dtype code of a native-order DType; 0 when the ABI has none for it.
std::int32_t plugin_code_of(const DType& dtype);

}  // namespace arrayfeed

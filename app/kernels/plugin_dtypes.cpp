#include "kernels/plugin_dtypes.hpp"

#include <array>

#include "arrayfeed/plugin.h"

namespace arrayfeed {
namespace {

/// The af_dtype code of each of dtypes::kernel_readable, in its order.
constexpr std::array<std::int32_t, dtypes::kernel_readable.size()> kCodes{
    AF_BOOL,   AF_INT8,   AF_INT16,   AF_INT32,   AF_INT64,     AF_UINT8,     AF_UINT16,
    AF_UINT32, AF_UINT64, AF_FLOAT32, AF_FLOAT64, AF_COMPLEX64, AF_COMPLEX128,
};

}  // namespace

std::optional<DType> dtype_of_plugin_code(std::int32_t code) {
  for (std::size_t i = 0; i < kCodes.size(); ++i)
    if (kCodes[i] == code) return dtypes::kernel_readable[i];
  return std::nullopt;
}

std::int32_t plugin_code_of(const DType& dtype) {
  for (std::size_t i = 0; i < kCodes.size(); ++i)
    if (dtypes::kernel_readable[i] == dtype) return kCodes[i];
  return 0;
}

}  // namespace arrayfeed

#include "kernels/plugin_dtypes.hpp"

#include <array>

#include "arrayfeed/plugin.h"

namespace arrayfeed {
namespace {

struct CodedType {
  std::int32_t code;
  DType dtype;
};

constexpr std::array<CodedType, 13> kTypes{{
    {AF_BOOL, {'b', 1, true}},     {AF_INT8, {'i', 1, true}},      {AF_INT16, {'i', 2, true}},
    {AF_INT32, {'i', 4, true}},    {AF_INT64, {'i', 8, true}},     {AF_UINT8, {'u', 1, true}},
    {AF_UINT16, {'u', 2, true}},   {AF_UINT32, {'u', 4, true}},    {AF_UINT64, {'u', 8, true}},
    {AF_FLOAT32, {'f', 4, true}},  {AF_FLOAT64, {'f', 8, true}},   {AF_COMPLEX64, {'c', 8, true}},
    {AF_COMPLEX128, {'c', 16, true}},
}};

}  // namespace

std::optional<DType> dtype_of_plugin_code(std::int32_t code) {
  for (const CodedType& t : kTypes)
    if (t.code == code) return t.dtype;
  return std::nullopt;
}

std::int32_t plugin_code_of(const DType& dtype) {
  for (const CodedType& t : kTypes)
    if (t.dtype == dtype) return t.code;
  return 0;
}

}  // namespace arrayfeed

#include "core/dtype.hpp"

#include <bit>
#include <string_view>

namespace arrayfeed {

std::string DType::name() const {
  const std::string bits = std::to_string(itemsize * 8);
  switch (kind) {
    case 'f': return "float" + bits;
    case 'i': return "int" + bits;
    case 'u': return "uint" + bits;
    case 'c': return "complex" + bits;
    case 'b': return "bool";
    case 'O': return "object";
    case 'U': return "str";
    case 'S': return "bytes";
    case 'M': return "datetime64";
    case 'm': return "timedelta64";
    default: return "void";
  }
}

std::string DType::type_string() const {
  constexpr bool little = std::endian::native == std::endian::little;
  const bool has_order = itemsize > 1 && kind != 'V' && kind != 'S' && kind != 'O';
  const char order = !has_order ? '|' : (native_order == little ? '<' : '>');
  // NumPy counts a str type's length in characters of 4 bytes.
  return order + std::string(1, kind) + std::to_string(kind == 'U' ? itemsize / 4 : itemsize);
}

namespace {

constexpr std::string_view kNumberKinds = "buifc";  // NumPy's same_kind order

}  // namespace

bool DType::holds_numbers() const { return kNumberKinds.find(kind) != std::string_view::npos; }

bool DType::casts_within_kind_to(const DType& to) const {
  return holds_numbers() && to.holds_numbers() && kNumberKinds.find(kind) <= kNumberKinds.find(to.kind);
}

}  // namespace arrayfeed

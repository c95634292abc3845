#include "core/dtype.hpp"

#include <bit>

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
  return order + std::string(1, kind) + std::to_string(itemsize);
}

}  // namespace arrayfeed

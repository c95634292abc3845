#pragma once

#include <string>

namespace arrayfeed {

/// An element type as NumPy describes it: kind, size and byte order.
struct DType {
  char kind = 'f';          ///< NumPy kind: 'f' float, 'i' int, 'u' unsigned, 'b' bool, 'c' complex
  int itemsize = 8;         ///< bytes per element
  bool native_order = true; ///< false for a byte-swapped (e.g. big-endian) array

  bool operator==(const DType&) const = default;

  /// NumPy's name of the type, e.g. "float32" (byte order not included).
  std::string name() const;
  /// NumPy's type string, e.g. "<f4" or ">f8".
  std::string type_string() const;
};

namespace dtypes {
inline constexpr DType float32{'f', 4, true};
inline constexpr DType float64{'f', 8, true};
}  // namespace dtypes

}  // namespace arrayfeed

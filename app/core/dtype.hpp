#pragma once

#include <array>
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
  /// True for booleans and numbers ('b', 'u', 'i', 'f', 'c'); false for dates,
  /// text, objects and records.
  bool holds_numbers() const;
  /// NumPy's "same_kind" rule (bool, unsigned, signed, float, complex, in that
  /// order): a cast to `to` keeps what the values mean, at most rounding them.
  bool casts_within_kind_to(const DType& to) const;
};

namespace dtypes {
inline constexpr DType float32{'f', 4, true};
inline constexpr DType float64{'f', 8, true};

/// Every element type a kernel may be handed, in the order of the plugin ABI's
/// af_dtype codes: bool, integers, float32/64, complex64/128, native byte order.
inline constexpr std::array<DType, 13> kernel_readable{{
    {'b', 1, true}, {'i', 1, true}, {'i', 2, true}, {'i', 4, true}, {'i', 8, true},
    {'u', 1, true}, {'u', 2, true}, {'u', 4, true}, {'u', 8, true},
    float32, float64, {'c', 8, true}, {'c', 16, true},
}};
}  // namespace dtypes

}  // namespace arrayfeed

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
inline constexpr DType float32{.kind = 'f', .itemsize = 4};
inline constexpr DType float64{.kind = 'f', .itemsize = 8};
inline constexpr DType int32{.kind = 'i', .itemsize = 4};
inline constexpr DType int64{.kind = 'i', .itemsize = 8};

/// Every element type a kernel may be handed, in the order of the plugin ABI's
/// af_dtype codes: bool, integers, float32/64, complex64/128, native byte order.
inline constexpr std::array<DType, 13> kernel_readable{{
    {.kind = 'b', .itemsize = 1},
    {.kind = 'i', .itemsize = 1}, {.kind = 'i', .itemsize = 2},
    {.kind = 'i', .itemsize = 4}, {.kind = 'i', .itemsize = 8},
    {.kind = 'u', .itemsize = 1}, {.kind = 'u', .itemsize = 2},
    {.kind = 'u', .itemsize = 4}, {.kind = 'u', .itemsize = 8},
    float32, float64,
    {.kind = 'c', .itemsize = 8}, {.kind = 'c', .itemsize = 16},
}};
}  // namespace dtypes

}  // namespace arrayfeed

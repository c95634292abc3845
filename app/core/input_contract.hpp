#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "core/array_view.hpp"
#include "core/dtype.hpp"

namespace arrayfeed {

/// What a kernel can read in place: element types, dimensions and layout.
struct InputContract {
  std::vector<DType> dtypes{};  ///< accepted element types; empty: any of dtypes::kernel_readable
  int min_ndim = 0;
  int max_ndim = 32;
  bool strided_ok = false;    ///< false: the array must be C-contiguous and aligned
  std::ptrdiff_t last_dim = 0;  ///< required length of the last dimension; 0: any
  std::size_t min_alignment = 0;  ///< bytes the data's address must be a multiple of; 0: the element size
  std::string note{};         ///< a rule the fields cannot state, e.g. "last dimension = columns of A"

  /// e.g. "float32 or float64, any shape, C-contiguous"; the note last
  std::string describe() const;
  /// True when `array`'s address meets min_alignment.
  bool alignment_met(const ArrayView& array) const;
};

/// Why an array cannot be read in place, with the one-line fix in NumPy terms.
struct Mismatch {
  std::string expected;
  std::string fix;          ///< empty when fix_from_values
  bool convertible = true;  ///< false when a copy cannot help (e.g. wrong ndim, complex to real)
  bool fix_from_values = false;  ///< dates, text, objects, records: the fix depends on what they hold
};

/// nullopt when the kernel can read `array` in place.
std::optional<Mismatch> check_input(const InputContract& contract, const ArrayView& array);

/// The accepted type an array of type `got` is converted to under --convert:
/// the same type in native byte order if accepted, else the narrowest accepted
/// type of the same kind that is at least as wide (float16 to float32), else
/// the widest of the same kind, else the widest accepted type.
DType conversion_target(const InputContract& contract, const DType& got);

}  // namespace arrayfeed

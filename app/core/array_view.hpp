#pragma once

#include <cstddef>
#include <span>
#include <string>

#include "core/dtype.hpp"

namespace arrayfeed {

/// A borrowed view of one input array: the producer's own memory, shape and
/// strides. Valid only while the producer holds the array.
struct ArrayView {
  const void* data = nullptr;
  DType dtype;
  std::span<const std::ptrdiff_t> shape;
  std::span<const std::ptrdiff_t> strides;  ///< in bytes, as NumPy reports them

  /// Number of elements. Inline: the loop books each array's bytes.
  std::size_t size() const {
    std::size_t n = 1;
    for (auto extent : shape) n *= static_cast<std::size_t>(extent);
    return n;
  }
  std::size_t nbytes() const { return size() * static_cast<std::size_t>(dtype.itemsize); }
  bool c_contiguous() const;
  bool f_contiguous() const;
  bool aligned() const;
  /// e.g. "float64 (>f8), shape (3, 4), strides (32, 8), C-contiguous"
  std::string describe() const;
};

/// A shape or strides as Python writes a tuple: "(3, 4)", "(5,)", "()".
std::string tuple_text(std::span<const std::ptrdiff_t> values);

}  // namespace arrayfeed

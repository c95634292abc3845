#include "core/array_view.hpp"

#include <cstdint>

namespace arrayfeed {
namespace {

// NumPy's rule: dimensions of length 1 may have any stride, and an empty
// array is contiguous whatever its strides.
bool contiguous(const ArrayView& v, bool c_order) {
  if (v.size() == 0) return true;
  std::ptrdiff_t expected = v.dtype.itemsize;
  const std::size_t n = v.shape.size();
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t d = c_order ? n - 1 - i : i;
    if (v.shape[d] != 1 && v.strides[d] != expected) return false;
    expected *= v.shape[d];
  }
  return true;
}

}  // namespace

std::string tuple_text(std::span<const std::ptrdiff_t> values) {
  std::string out = "(";
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i) out += ", ";
    out += std::to_string(values[i]);
  }
  return out + (values.size() == 1 ? ",)" : ")");
}

bool ArrayView::c_contiguous() const { return contiguous(*this, true); }

bool ArrayView::f_contiguous() const { return contiguous(*this, false); }

bool ArrayView::aligned() const {
  // As NumPy: a complex number is aligned like its real part, text like its
  // characters, and records or raw bytes need no alignment.
  const int alignment = dtype.kind == 'c'                       ? dtype.itemsize / 2
                        : dtype.kind == 'U'                     ? 4
                        : dtype.kind == 'V' || dtype.kind == 'S' ? 1
                                                                : dtype.itemsize;
  return reinterpret_cast<std::uintptr_t>(data) % static_cast<std::uintptr_t>(alignment) == 0;
}

std::string ArrayView::describe() const {
  std::string layout = c_contiguous()   ? "C-contiguous"
                       : f_contiguous() ? "Fortran-ordered (column-major)"
                                        : "not contiguous";
  if (!aligned()) layout += ", misaligned";
  return dtype.name() + " (" + dtype.type_string() + "), shape " + tuple_text(shape) + ", strides " +
         tuple_text(strides) + ", " + layout;
}

}  // namespace arrayfeed

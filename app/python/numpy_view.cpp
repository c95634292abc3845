#include "python/numpy_view.hpp"

#include <bit>

namespace arrayfeed {

ArrayView view_of(const pybind11::array& array) {
  const pybind11::dtype dt = array.dtype();
  constexpr char swapped = std::endian::native == std::endian::little ? '>' : '<';
  ArrayView v;
  v.data = array.data();
  v.dtype = DType{dt.kind(), static_cast<int>(dt.itemsize()), dt.byteorder() != swapped};
  const auto ndim = static_cast<std::size_t>(array.ndim());
  v.shape = {reinterpret_cast<const std::ptrdiff_t*>(array.shape()), ndim};
  v.strides = {reinterpret_cast<const std::ptrdiff_t*>(array.strides()), ndim};
  return v;
}

}  // namespace arrayfeed

#include "python/numpy_view.hpp"

#include <bit>

#include "python/numpy_api.hpp"

namespace arrayfeed {

ArrayView view_of(PyObject* array) {
  auto* a = reinterpret_cast<PyArrayObject*>(array);
  const PyArray_Descr* descr = PyArray_DESCR(a);
  constexpr char swapped = std::endian::native == std::endian::little ? '>' : '<';
  const auto ndim = static_cast<std::size_t>(PyArray_NDIM(a));
  static_assert(sizeof(npy_intp) == sizeof(std::ptrdiff_t));
  return ArrayView{
      .data = PyArray_DATA(a),
      .dtype = DType{.kind = descr->kind,
                     .itemsize = static_cast<int>(PyArray_ITEMSIZE(a)),
                     .native_order = descr->byteorder != swapped},
      .shape = {reinterpret_cast<const std::ptrdiff_t*>(PyArray_DIMS(a)), ndim},
      .strides = {reinterpret_cast<const std::ptrdiff_t*>(PyArray_STRIDES(a)), ndim},
  };
}

}  // namespace arrayfeed

#pragma once

#include <pybind11/pybind11.h>

#include "core/array_view.hpp"
#include "core/input_contract.hpp"
#include "python/numpy_api.hpp"

namespace arrayfeed {

/// The per-array fast path of ArrayImporter: an item that is an exact
/// ndarray with the very dtype object of an array accepted before, whose
/// flags, dimensions and last dimension also satisfy the contract, is read
/// from NumPy's own fields in a few instructions. Anything else (and every
/// first array) takes the full check, which remembers what it accepts;
/// under a contract with its own min_alignment it remembers nothing.
class AcceptedArrays {
 public:
  explicit AcceptedArrays(const InputContract& contract);

  /// True, with `view` set, when `item` can be read as the last array accepted.
  bool read(PyObject* item, ArrayView& view) const {
    if (!PyArray_CheckExact(item)) return false;
    auto* array = reinterpret_cast<PyArrayObject*>(item);
    const int ndim = PyArray_NDIM(array);
    if (reinterpret_cast<PyObject*>(PyArray_DESCR(array)) != m_descr.ptr() ||
        (PyArray_FLAGS(array) & m_required_flags) != m_required_flags || ndim < m_min_ndim || ndim > m_max_ndim)
      return false;
    const auto* shape = reinterpret_cast<const std::ptrdiff_t*>(PyArray_DIMS(array));
    if (m_last_dim > 0 && (ndim == 0 || shape[ndim - 1] != m_last_dim)) return false;
    const auto n = static_cast<std::size_t>(ndim);
    view = {PyArray_DATA(array), m_dtype, {shape, n},
            {reinterpret_cast<const std::ptrdiff_t*>(PyArray_STRIDES(array)), n}};
    return true;
  }
  /// `array`, an exact ndarray of element type `dtype`, passed the full check.
  void remember(PyObject* array, const DType& dtype);

 private:
  int m_min_ndim;
  int m_max_ndim;
  std::ptrdiff_t m_last_dim;
  int m_required_flags;      ///< C-contiguous and aligned, unless any strides do
  bool m_address_checked;    ///< the contract sets min_alignment: no fast path
  pybind11::object m_descr;  ///< held: a freed dtype's address could come back as another
  DType m_dtype;
};

}  // namespace arrayfeed

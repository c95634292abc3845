#include "python/accepted_arrays.hpp"

#include "python/numpy_api.hpp"

namespace arrayfeed {

// NumPy keeps C_CONTIGUOUS and ALIGNED by the rules check_input applies:
// length-1 dimensions take any stride, and a complex number aligns as its parts.
AcceptedArrays::AcceptedArrays(const InputContract& contract)
    : m_min_ndim(contract.min_ndim),
      m_max_ndim(contract.max_ndim),
      m_last_dim(contract.last_dim),
      m_required_flags(contract.strided_ok ? 0 : NPY_ARRAY_C_CONTIGUOUS | NPY_ARRAY_ALIGNED),
      m_address_checked(contract.min_alignment > 0) {}

void AcceptedArrays::remember(PyObject* array, const DType& dtype) {
  // NumPy's flags do not tell an alignment beyond the element's: every array takes the full check.
  if (m_address_checked) return;
  m_descr = pybind11::reinterpret_borrow<pybind11::object>(
      reinterpret_cast<PyObject*>(PyArray_DESCR(reinterpret_cast<PyArrayObject*>(array))));
  m_dtype = dtype;
}

}  // namespace arrayfeed

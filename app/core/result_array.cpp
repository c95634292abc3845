#include "core/result_array.hpp"

#include <cstdlib>
#include <new>

namespace arrayfeed {

ResultArray ResultArray::allocate(DType dtype, std::vector<std::ptrdiff_t> shape) {
  constexpr std::size_t alignment = 64;  // a cache line: what SIMD loops want
  ResultArray array;
  dtype.native_order = true;
  array.m_dtype = dtype;
  array.m_shape = std::move(shape);
  array.m_strides.resize(array.m_shape.size());
  std::ptrdiff_t stride = dtype.itemsize;
  for (std::size_t i = array.m_shape.size(); i-- > 0;) {
    array.m_strides[i] = stride;
    stride *= array.m_shape[i];
  }
  // aligned_alloc wants a multiple of the alignment, and something to point at when empty.
  const std::size_t bytes = (array.nbytes() / alignment + 1) * alignment;
  void* memory = std::aligned_alloc(alignment, bytes);
  if (!memory) throw std::bad_alloc();
  array.m_memory = std::shared_ptr<void>(memory, &std::free);
  return array;
}

std::size_t ResultArray::size() const {
  std::size_t n = 1;
  for (auto extent : m_shape) n *= static_cast<std::size_t>(extent);
  return n;
}

}  // namespace arrayfeed

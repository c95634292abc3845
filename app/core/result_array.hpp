#pragma once

#include <cstddef>
#include <memory>
#include <vector>

#include "core/array_view.hpp"
#include "core/dtype.hpp"

namespace arrayfeed {

/// An array a kernel returns: fresh memory the kernel writes into directly,
/// then handed on (to NumPy, to a writer) by sharing, never by copying.
class ResultArray {
 public:
  /// Uninitialised, C-contiguous, 64-byte aligned memory for `shape` elements
  /// of a native-order `dtype`. Throws std::bad_alloc.
  static ResultArray allocate(DType dtype, std::vector<std::ptrdiff_t> shape);

  void* data() { return m_memory.get(); }
  const void* data() const { return m_memory.get(); }
  template <class T>
  T* as() { return static_cast<T*>(data()); }
  template <class T>
  const T* as() const { return static_cast<const T*>(data()); }

  const DType& dtype() const { return m_dtype; }
  const std::vector<std::ptrdiff_t>& shape() const { return m_shape; }
  const std::vector<std::ptrdiff_t>& strides() const { return m_strides; }
  std::size_t size() const;
  std::size_t nbytes() const { return size() * static_cast<std::size_t>(m_dtype.itemsize); }
  /// A view valid while this array (or a copy of it) lives.
  ArrayView view() const { return {.data = data(), .dtype = m_dtype, .shape = m_shape, .strides = m_strides}; }
  /// Shared ownership of the memory, for an owner outside C++ (a NumPy array).
  const std::shared_ptr<void>& memory() const { return m_memory; }

 private:
  ResultArray() = default;  // only allocate() makes one: every ResultArray has memory

  std::shared_ptr<void> m_memory;
  DType m_dtype;
  std::vector<std::ptrdiff_t> m_shape;
  std::vector<std::ptrdiff_t> m_strides;
};

}  // namespace arrayfeed

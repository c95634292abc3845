#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <vector>

namespace arrayfeed {

/// A plugin's struct of type T read through its struct_size (ABI 2's growth
/// rule): the fields it covers copied, the ones it is too short for zero.
template <class T>
T read_struct(const void* from) {
  std::uint32_t size = 0;
  std::memcpy(&size, from, sizeof size);  // struct_size comes first in every growable struct
  T out{};
  std::memcpy(&out, from, std::min<std::size_t>(size, sizeof(T)));
  return out;
}

/// `n` plugin structs from `first`, stepped by the first one's struct_size.
template <class T>
std::vector<T> read_structs(const T* first, std::uint32_t n) {
  std::vector<T> out;
  if (n == 0 || !first) return out;
  const auto* bytes = reinterpret_cast<const unsigned char*>(first);
  const std::uint32_t stride = first->struct_size;
  for (std::uint32_t i = 0; i < n; ++i) out.push_back(read_struct<T>(bytes + std::size_t{i} * stride));
  return out;
}

}  // namespace arrayfeed

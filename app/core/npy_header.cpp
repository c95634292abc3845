#include "core/npy_header.hpp"

#include <limits>
#include <vector>

#include "core/array_view.hpp"

namespace arrayfeed {

std::string npy_descr(const DType& dtype) { return "'" + dtype.type_string() + "'"; }

std::string npy_header(const DType& dtype, std::span<const std::ptrdiff_t> row_shape, std::uint64_t rows) {
  return npy_header(npy_descr(dtype), row_shape, rows);
}

std::string npy_header(std::string_view descr, std::span<const std::ptrdiff_t> row_shape, std::uint64_t rows) {
  using namespace std::string_literals;
  constexpr std::size_t prelude = 10;    // magic, version 1.0, header length
  constexpr std::size_t alignment = 64;  // NumPy wants the data to start at a multiple of 64
  const std::size_t widest_count = std::to_string(std::numeric_limits<std::ptrdiff_t>::max()).size();

  std::vector<std::ptrdiff_t> shape{static_cast<std::ptrdiff_t>(rows)};
  shape.insert(shape.end(), row_shape.begin(), row_shape.end());
  const std::string dict = "{'descr': " + std::string(descr) + ", 'fortran_order': False, 'shape': " +
                           tuple_text(shape) + ", }";

  // Room for the widest count, so that every count gives the same length.
  const std::size_t count = std::to_string(rows).size();
  const std::size_t unpadded = prelude + dict.size() - count + widest_count + 1;  // + '\n'
  const std::size_t total = (unpadded + alignment - 1) / alignment * alignment;
  const std::size_t length = total - prelude;  // little-endian 16 bits
  std::string header = "\x93NUMPY\x01\x00"s;
  header += static_cast<char>(length & 0xff);
  header += static_cast<char>(length >> 8);
  header += dict;
  header.append(total - header.size() - 1, ' ');
  return header + '\n';
}

}  // namespace arrayfeed

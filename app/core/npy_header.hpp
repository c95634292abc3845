#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "core/dtype.hpp"

namespace arrayfeed {

/// The header of a .npy file (format version 1.0) holding `rows` rows of
/// `row_shape`: padded to a multiple of 64 bytes, and to the same length for
/// every `rows` below 2^63, so the count can be rewritten in place as rows come.
/// `descr` is NumPy's dtype as a Python literal: "'<f8'", or a list of fields.
std::string npy_header(std::string_view descr, std::span<const std::ptrdiff_t> row_shape, std::uint64_t rows);
/// The header for rows of one element type.
std::string npy_header(const DType& dtype, std::span<const std::ptrdiff_t> row_shape, std::uint64_t rows);
/// `dtype` as a .npy header's descr: "'<f8'".
std::string npy_descr(const DType& dtype);

}  // namespace arrayfeed

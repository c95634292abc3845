#include <doctest/doctest.h>

#include <array>

#include "core/array_view.hpp"

using namespace arrayfeed;

namespace {

ArrayView view(const void* data, DType t, std::span<const std::ptrdiff_t> shape,
               std::span<const std::ptrdiff_t> strides) {
  return ArrayView{data, t, shape, strides};
}

alignas(16) const double kData[12] = {};

}  // namespace

TEST_CASE("a C-ordered 2-d array is C- but not F-contiguous") {
  const std::array<std::ptrdiff_t, 2> shape{3, 4}, strides{32, 8};
  const ArrayView v = view(kData, dtypes::float64, shape, strides);
  CHECK(v.c_contiguous());
  CHECK_FALSE(v.f_contiguous());
  CHECK(v.size() == 12);
  CHECK(v.nbytes() == 96);
  CHECK(v.describe() == "float64 (<f8), shape (3, 4), strides (32, 8), C-contiguous");
}

TEST_CASE("a transposed array is Fortran-ordered") {
  const std::array<std::ptrdiff_t, 2> shape{4, 3}, strides{8, 32};
  const ArrayView v = view(kData, dtypes::float64, shape, strides);
  CHECK_FALSE(v.c_contiguous());
  CHECK(v.f_contiguous());
  CHECK(v.describe().ends_with("Fortran-ordered (column-major)"));
}

TEST_CASE("a strided slice is neither C- nor F-contiguous") {
  const std::array<std::ptrdiff_t, 1> shape{5}, strides{16};
  const ArrayView v = view(kData, dtypes::float64, shape, strides);
  CHECK_FALSE(v.c_contiguous());
  CHECK(v.describe() == "float64 (<f8), shape (5,), strides (16,), not contiguous");
}

TEST_CASE("length-1 dimensions and empty arrays are contiguous whatever their strides") {
  const std::array<std::ptrdiff_t, 2> shape{1, 4}, strides{999, 8};
  CHECK(view(kData, dtypes::float64, shape, strides).c_contiguous());
  const std::array<std::ptrdiff_t, 2> empty{0, 4}, odd{3, 3};
  CHECK(view(kData, dtypes::float64, empty, odd).c_contiguous());
  CHECK(view(kData, dtypes::float64, empty, odd).nbytes() == 0);
}

TEST_CASE("a 0-d array has one element and is contiguous") {
  const ArrayView v = view(kData, dtypes::float32, {}, {});
  CHECK(v.size() == 1);
  CHECK(v.c_contiguous());
  CHECK(v.describe() == "float32 (<f4), shape (), strides (), C-contiguous");
}

TEST_CASE("alignment is checked against the item size; complex against its parts") {
  const std::array<std::ptrdiff_t, 1> shape{2}, strides{8};
  const auto* bytes = reinterpret_cast<const char*>(kData);
  CHECK(view(bytes, dtypes::float64, shape, strides).aligned());
  CHECK_FALSE(view(bytes + 1, dtypes::float64, shape, strides).aligned());
  CHECK(view(bytes + 1, dtypes::float64, shape, strides).describe().ends_with("misaligned"));
  CHECK(view(bytes + 8, DType{.kind = 'c', .itemsize = 16}, shape, strides).aligned());
  CHECK_FALSE(view(bytes + 4, DType{.kind = 'c', .itemsize = 16}, shape, strides).aligned());
}

TEST_CASE("dtype names and type strings follow NumPy") {
  CHECK(dtypes::float32.name() == "float32");
  CHECK(DType{.kind = 'i', .itemsize = 2}.name() == "int16");
  CHECK(DType{.kind = 'u', .itemsize = 1}.type_string() == "|u1");
  CHECK(DType{.kind = 'f', .itemsize = 8, .native_order = false}.type_string() == ">f8");
  CHECK(DType{.kind = 'b', .itemsize = 1}.name() == "bool");
  CHECK(DType{.kind = 'O', .itemsize = 8}.name() == "object");
  CHECK(DType{.kind = 'c', .itemsize = 8}.name() == "complex64");
}

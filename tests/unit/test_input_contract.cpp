#include <doctest/doctest.h>

#include <array>

#include "core/input_contract.hpp"

using namespace arrayfeed;

namespace {

alignas(16) const double kData[16] = {};
const InputContract kFloats{.dtypes = {dtypes::float32, dtypes::float64}};
const std::array<std::ptrdiff_t, 1> kShape1{4};
const std::array<std::ptrdiff_t, 1> kStrides4{4}, kStrides8{8};

ArrayView vector_of(DType t) {
  return ArrayView{kData, t, kShape1, t.itemsize == 4 ? kStrides4 : kStrides8};
}

}  // namespace

TEST_CASE("accepted dtypes in C order are read in place") {
  CHECK_FALSE(check_input(kFloats, vector_of(dtypes::float32)));
  CHECK_FALSE(check_input(kFloats, vector_of(dtypes::float64)));
}

TEST_CASE("a dtype the kernel does not take is refused with astype as the fix") {
  const auto m = check_input(kFloats, vector_of(DType{.kind = 'i', .itemsize = 8}));
  REQUIRE(m);
  CHECK(m->expected == "float32 or float64, any shape, C-contiguous");
  CHECK(m->fix == "x.astype(np.float64)");
  CHECK(m->convertible);
}

TEST_CASE("a byte-swapped (big-endian) array is refused even though its kind fits") {
  const auto m = check_input(kFloats, vector_of(DType{.kind = 'f', .itemsize = 8, .native_order = false}));
  REQUIRE(m);
  CHECK(m->fix == "x.astype(np.float64)");
}

TEST_CASE("Fortran order and strided slices are refused with ascontiguousarray") {
  const std::array<std::ptrdiff_t, 2> shape{2, 2}, f_strides{8, 16};
  const auto fortran = check_input(kFloats, ArrayView{kData, dtypes::float64, shape, f_strides});
  REQUIRE(fortran);
  CHECK(fortran->fix == "np.ascontiguousarray(x)");
  const std::array<std::ptrdiff_t, 1> strided{16};
  const auto slice = check_input(kFloats, ArrayView{kData, dtypes::float64, kShape1, strided});
  REQUIRE(slice);
  CHECK(slice->fix == "np.ascontiguousarray(x)");
}

TEST_CASE("wrong dtype and layout together get one fix for both") {
  const std::array<std::ptrdiff_t, 1> strided{16};
  const auto m = check_input(kFloats, ArrayView{kData, DType{.kind = 'i', .itemsize = 4}, kShape1, strided});
  REQUIRE(m);
  CHECK(m->fix == "np.ascontiguousarray(x, dtype=np.float64)");
}

TEST_CASE("a misaligned array is refused; a copy is aligned") {
  const auto* bytes = reinterpret_cast<const char*>(kData) + 2;
  const auto m = check_input(kFloats, ArrayView{bytes, dtypes::float64, kShape1, kStrides8});
  REQUIRE(m);
  CHECK(m->fix.starts_with("x.copy()"));
}

TEST_CASE("the number of dimensions is checked, and a copy cannot fix it") {
  const InputContract matrices{.dtypes = {dtypes::float64}, .min_ndim = 2, .max_ndim = 2};
  const auto m = check_input(matrices, vector_of(dtypes::float64));
  REQUIRE(m);
  CHECK(m->expected == "float64, 2-d, C-contiguous");
  CHECK(m->fix == "reshape it, e.g. x.reshape(-1) for 1-d");
  CHECK_FALSE(m->convertible);
  const InputContract ranged{.min_ndim = 1, .max_ndim = 3, .strided_ok = true};
  CHECK(ranged.describe() ==
        "bool, int8-64, uint8-64, float32/64 or complex64/128 (native byte order), 1-d to 3-d, any strides");
}

TEST_CASE("with a required last dimension, a wrong number of dimensions names it and reshapes to rows") {
  const InputContract rows{.dtypes = {dtypes::float32}, .min_ndim = 1, .max_ndim = 2, .last_dim = 5};
  const std::array<std::ptrdiff_t, 3> shape{2, 3, 5}, strides{60, 20, 4};
  const auto m = check_input(rows, ArrayView{kData, dtypes::float32, shape, strides});
  REQUIRE(m);
  CHECK(m->expected == "float32, 1-d to 2-d, last dimension 5, C-contiguous");
  CHECK(m->fix == "reshape it, e.g. x.reshape(-1, 5) for rows of 5");
  CHECK_FALSE(m->convertible);
}

TEST_CASE("a contract with strided_ok takes any layout and alignment, and any kernel type when none are listed") {
  const InputContract anything{.strided_ok = true};
  const std::array<std::ptrdiff_t, 1> strided{24};
  const auto* bytes = reinterpret_cast<const char*>(kData) + 1;
  for (const DType& t : dtypes::kernel_readable)
    CHECK_FALSE(check_input(anything, ArrayView{bytes, t, kShape1, strided}));
}

TEST_CASE("'any type' still refuses what the plugin ABI cannot name, converting what keeps its meaning") {
  const InputContract anything{.strided_ok = true};
  const auto swapped = check_input(anything, vector_of(DType{.kind = 'u', .itemsize = 2, .native_order = false}));
  REQUIRE(swapped);
  CHECK(swapped->fix == "x.astype(np.uint16)");
  CHECK(swapped->convertible);
  const auto half = check_input(anything, vector_of(DType{.kind = 'f', .itemsize = 2}));
  REQUIRE(half);
  CHECK(half->fix == "x.astype(np.float32)");
  CHECK(half->convertible);
  CHECK(conversion_target(anything, DType{.kind = 'f', .itemsize = 16}) == dtypes::float64);
  CHECK(conversion_target(anything, DType{.kind = 'c', .itemsize = 32}) == DType{.kind = 'c', .itemsize = 16});
  for (const char kind : {'M', 'm', 'U', 'S', 'O', 'V'}) {
    const auto m = check_input(anything, vector_of(DType{.kind = kind, .itemsize = 8}));
    REQUIRE(m);
    CHECK(m->fix_from_values);
    CHECK_FALSE(m->convertible);
  }
}

TEST_CASE("a cast across kinds that would change the values is not offered, nor done under --convert") {
  const auto complex = check_input(kFloats, vector_of(DType{.kind = 'c', .itemsize = 16}));
  REQUIRE(complex);
  CHECK(complex->fix == "np.abs(x) for the magnitudes, or x.real for the real parts, whichever the kernel should see");
  CHECK_FALSE(complex->convertible);
  const InputContract only32{.dtypes = {dtypes::float32}};
  const auto small = check_input(only32, vector_of(DType{.kind = 'c', .itemsize = 16}));
  REQUIRE(small);
  CHECK(small->fix.starts_with("np.abs(x).astype(np.float32) for the magnitudes, or x.real.astype(np.float32)"));
  const InputContract ints{.dtypes = {DType{.kind = 'i', .itemsize = 4}}};
  const auto floats = check_input(ints, vector_of(dtypes::float64));
  REQUIRE(floats);
  CHECK(floats->fix.starts_with("np.rint(x).astype(np.int32) if the values are whole numbers"));
  CHECK_FALSE(floats->convertible);
  const InputContract unsigned_only{.dtypes = {DType{.kind = 'u', .itemsize = 4}}};
  const auto signed_ints = check_input(unsigned_only, vector_of(DType{.kind = 'i', .itemsize = 8}));
  REQUIRE(signed_ints);
  CHECK(signed_ints->fix.starts_with("x.astype(np.uint32) only if no value is negative"));
  CHECK_FALSE(signed_ints->convertible);
  const auto unsigned_floats = check_input(unsigned_only, vector_of(dtypes::float32));
  REQUIRE(unsigned_floats);
  CHECK(unsigned_floats->fix.starts_with("np.rint(x).astype(np.uint32) if the values are whole numbers and none"));
  const InputContract bools{.dtypes = {DType{.kind = 'b', .itemsize = 1}}};
  const auto to_bool = check_input(bools, vector_of(DType{.kind = 'i', .itemsize = 8}));
  REQUIRE(to_bool);
  CHECK(to_bool->fix == "yield booleans that say what true means, e.g. x != 0");
  CHECK_FALSE(to_bool->convertible);
}

TEST_CASE("conversion keeps the type when only the byte order is wrong, else the narrowest of the kind that holds it") {
  CHECK(conversion_target(kFloats, DType{.kind = 'f', .itemsize = 4, .native_order = false}) == dtypes::float32);
  CHECK(conversion_target(kFloats, DType{.kind = 'f', .itemsize = 2}) == dtypes::float32);
  CHECK(conversion_target(kFloats, DType{.kind = 'i', .itemsize = 4}) == dtypes::float64);
  const InputContract only32{.dtypes = {dtypes::float32}};
  CHECK(conversion_target(only32, dtypes::float64) == dtypes::float32);
}

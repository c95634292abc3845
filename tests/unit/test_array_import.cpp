#include <doctest/doctest.h>

#include <pybind11/pybind11.h>

#include <algorithm>
#include <cstdint>
#include <string>

#include "core/errors.hpp"
#include "python/array_import.hpp"
#include "python/numpy_view.hpp"
#include "python_test_support.hpp"

using namespace arrayfeed;
using namespace python_test;

namespace {

const char* const kScript = "arrays_to_import.py";

/// Fixture item `name` as the script yields it: the item, and the generator
/// standing at its yield (which messages name).
struct Yielded {
  ScriptIterator source;
  py::object item;
};

Yielded yielded(const std::string& name) {
  ScriptIterator source = started(fixture(kScript), "one", py::str(name));
  py::object item = source.next(py::none());
  return {std::move(source), std::move(item)};
}

ImportedArray import_item(ArrayImporter& importer, const std::string& name) {
  Yielded y = yielded(name);
  return importer.import(y.item, 1, y.source);
}

/// The message of the ScriptError importing `name` throws.
std::string refusal(ArrayImporter& importer, const std::string& name) {
  return thrown<ScriptError>([&] { import_item(importer, name); }).what();
}

/// The address of the memory `object` exports through the buffer protocol.
const void* buffer_address(const py::object& object) {
  const py::buffer_info info = py::reinterpret_borrow<py::buffer>(object).request();
  return info.ptr;
}

void check_same_view(const ArrayView& a, const ArrayView& b) {
  CHECK(a.data == b.data);
  CHECK(a.dtype == b.dtype);
  CHECK(std::equal(a.shape.begin(), a.shape.end(), b.shape.begin(), b.shape.end()));
  CHECK(std::equal(a.strides.begin(), a.strides.end(), b.strides.begin(), b.strides.end()));
}

const InputContract kFloat64Vectors{{dtypes::float64}, 1, 2};
const InputContract kUint8{{DType{'u', 1, true}}, 1, 1};

}  // namespace

TEST_CASE("an ndarray the contract accepts is read in place, held by the array itself") {
  ArrayImporter importer("probe", kFloat64Vectors, false);
  for (const char* name : {"float64_vector", "float64_matrix"}) {
    CAPTURE(name);
    Yielded y = yielded(name);
    const ImportedArray imported = importer.import(y.item, 1, y.source);
    CHECK(imported.owner.ptr() == y.item.ptr());
    CHECK(imported.source == ImportedArray::Source::script_array);
    check_same_view(imported.view, view_of(y.item.ptr()));
  }
  CHECK(importer.copies().copies == 0);
}

TEST_CASE("dtype, dimensions and layout outside the contract are refused with the fix") {
  ArrayImporter importer("probe", kFloat64Vectors, false);
  const std::string expected = "\n  expected: float64, 1-d to 2-d, C-contiguous\n";
  const std::string convert_hint = "   (or run with --convert to copy, counted in the summary)";

  const std::string cube = refusal(importer, "float64_cube");
  CHECK_CONTAINS(cube, "yield #1 at " + line_of(kScript, "# the yield") + ": kernel 'probe' cannot read it in place");
  CHECK_CONTAINS(cube, expected);
  CHECK_CONTAINS(cube, "\n  got:      float64 (<f8), shape (2, 2, 2), strides (32, 16, 8), C-contiguous\n");
  CHECK_CONTAINS(cube, "\n  fix:      reshape it, e.g. x.reshape(-1) for 1-d");
  CHECK_FALSE(contains(cube, convert_hint));

  const std::string narrow = refusal(importer, "float32_vector");
  CHECK_CONTAINS(narrow, "  fix:      x.astype(np.float64)" + convert_hint);
  CHECK_CONTAINS(refusal(importer, "big_endian"), "  got:      float64 (>f8), shape (6,)");
  CHECK_CONTAINS(refusal(importer, "fortran_matrix"), "Fortran-ordered (column-major)\n  fix:      np.ascontiguousarray(x)");
  CHECK_CONTAINS(refusal(importer, "every_other"), "not contiguous\n  fix:      np.ascontiguousarray(x)");
  CHECK_CONTAINS(refusal(importer, "complex_vector"), "  fix:      np.abs(x) for the magnitudes, or x.real");
}

TEST_CASE("a contract that allows strides reads a strided view in place") {
  const InputContract strided{.dtypes = {dtypes::float64}, .min_ndim = 1, .max_ndim = 1, .strided_ok = true};
  ArrayImporter importer("probe", strided, false);
  Yielded y = yielded("every_other");
  const ImportedArray imported = importer.import(y.item, 1, y.source);
  CHECK(imported.view.strides[0] == 16);
  check_same_view(imported.view, view_of(y.item.ptr()));
}

TEST_CASE("what is not an array is refused in words, with the fix that fits it") {
  ArrayImporter importer("probe", kFloat64Vectors, false);
  const std::string list = refusal(importer, "numbers_list");
  CHECK_CONTAINS(list, "  got:      a list, not an array\n");
  CHECK_CONTAINS(list, "  fix:      np.asarray(x, dtype=np.float64)   (or run with --convert");
  const std::string object = refusal(importer, "no_buffer");
  CHECK_CONTAINS(object, "  got:      an object, not an array (nor anything with the buffer protocol, __dlpack__ or __array__)\n"
                         "  fix:      yield a NumPy array");
  CHECK_FALSE(contains(object, "--convert"));
  CHECK_CONTAINS(refusal(importer, "masked"),
                 "  got:      a masked array: the kernel would read the masked values too\n"
                 "  fix:      x.filled(np.nan), or x.compressed() for the unmasked values");
}

TEST_CASE("objects with the buffer protocol, and NumPy scalars, are read in their own memory") {
  ArrayImporter bytes_importer("probe", kUint8, false);
  for (const char* name : {"bytearray_buffer", "bytes_buffer"}) {
    CAPTURE(name);
    Yielded y = yielded(name);
    const ImportedArray imported = bytes_importer.import(y.item, 1, y.source);
    CHECK(imported.view.data == buffer_address(y.item));
    CHECK(imported.view.shape[0] == 8);
  }
  ArrayImporter doubles_importer("probe", kFloat64Vectors, false);
  Yielded doubles = yielded("doubles_buffer");
  const ImportedArray imported = doubles_importer.import(doubles.item, 1, doubles.source);
  CHECK(imported.view.data == buffer_address(doubles.item));
  CHECK(imported.view.dtype == dtypes::float64);

  const InputContract any{.min_ndim = 0, .max_ndim = 1};
  ArrayImporter scalar_importer("probe", any, false);
  CHECK(import_item(scalar_importer, "scalar").view.shape.empty());
}

TEST_CASE("--convert copies what fits after a cast and counts every copy and byte") {
  ArrayImporter importer("probe", kFloat64Vectors, true);
  Yielded y = yielded("float32_vector");
  const ImportedArray copy = importer.import(y.item, 1, y.source);
  CHECK(copy.source == ImportedArray::Source::private_copy);
  CHECK(copy.owner.ptr() != y.item.ptr());
  CHECK(copy.view.dtype == dtypes::float64);
  CHECK(copy.view.c_contiguous());
  CHECK(importer.copies().copies == 1);
  CHECK(importer.copies().bytes == 6 * 8);

  import_item(importer, "numbers_list");
  import_item(importer, "fortran_matrix");
  CHECK(importer.copies().copies == 3);
  CHECK(importer.copies().bytes == 6 * 8 + 3 * 8 + 6 * 8);
  import_item(importer, "float64_vector");  // read in place: no copy
  CHECK(importer.copies().copies == 3);
}

TEST_CASE("--convert still refuses what a cast would change the meaning of") {
  ArrayImporter importer("probe", kFloat64Vectors, true);
  CHECK_CONTAINS(refusal(importer, "complex_vector"), "cannot read it in place");
  CHECK_CONTAINS(refusal(importer, "float64_cube"), "reshape it");
  CHECK(importer.copies().copies == 0);
}

TEST_CASE("a conversion NumPy refuses is a ScriptError naming the yield, the target and NumPy's reason") {
  ArrayImporter importer("probe", kFloat64Vectors, true);
  const std::string error = refusal(importer, "words_list");
  // Every frame is the host's own, which the traceback leaves out: NumPy's reason is all there is.
  CHECK_CONTAINS(error, "yield #1 at " + line_of(kScript, "# the yield") +
                            ": --convert could not make a float64 array of it:\n"
                            "TypeError: Cannot cast array data from dtype('<U3') to dtype('float64')");
  CHECK_FALSE(contains(error, "<arrayfeed"));
}

TEST_CASE("the fix for dates depends on what they hold; a value that fails to say is a ScriptError") {
  ArrayImporter importer("probe", kFloat64Vectors, false);
  CHECK_CONTAINS(refusal(importer, "dates"),
                 "  fix:      (x - np.datetime64('1970-01-01')) / np.timedelta64(1, 's') for seconds since 1970-01-01");
  const std::string error = refusal(importer, "opaque_objects");
  CHECK_CONTAINS(error, "yield #1 at " + line_of(kScript, "# the yield") +
                            ": looking at what the array holds failed:\nTraceback");
  CHECK_CONTAINS(error, "RuntimeError: no class to show");
}

TEST_CASE("the accepted fast path reads what the full check accepted before, and only that") {
  ArrayImporter importer("probe", kFloat64Vectors, false);
  ArrayView view;
  Yielded matrix = yielded("float64_matrix");
  CHECK_FALSE(importer.read_accepted(matrix.item.ptr(), view));  // nothing accepted yet
  import_item(importer, "float64_vector");

  REQUIRE(importer.read_accepted(matrix.item.ptr(), view));
  check_same_view(view, view_of(matrix.item.ptr()));
  check_same_view(view, importer.import(matrix.item, 2, matrix.source).view);
  for (const char* name : {"float32_vector", "big_endian", "fortran_matrix", "every_other", "float64_cube",
                           "subclass", "numbers_list"}) {
    CAPTURE(name);
    CHECK_FALSE(importer.read_accepted(yielded(name).item.ptr(), view));
  }
}

TEST_CASE("the fast path holds a contract's last dimension as the full check does") {
  const InputContract rows_of_3{{dtypes::float64}, 2, 2, false, 3};
  ArrayImporter importer("probe", rows_of_3, false);
  import_item(importer, "float64_matrix");
  ArrayView view;
  CHECK(importer.read_accepted(yielded("float64_matrix").item.ptr(), view));
  Yielded columns_of_2 = yielded("float64_matrix");
  columns_of_2.item = columns_of_2.item.attr("reshape")(3, 2);
  CHECK_FALSE(importer.read_accepted(columns_of_2.item.ptr(), view));
  CHECK_CONTAINS(thrown<ScriptError>([&] { importer.import(columns_of_2.item, 1, columns_of_2.source); }).what(),
                 "  fix:      yield arrays with x.shape[-1] == 3");
}

TEST_CASE("memory the script could still write while in flight is refused, or copied under --convert") {
  Yielded y = yielded("bytearray_buffer");
  ArrayImporter importer("probe", kUint8, false);
  ImportedArray imported = importer.import(y.item, 4, y.source);
  const std::string error =
      thrown<ScriptError>([&] { importer.guardable(std::move(imported), 4, y.source); }).what();
  CHECK_CONTAINS(error, "yield #4 at " + line_of(kScript, "# the yield") + ": with --prefetch or --threads");
  CHECK_CONTAINS(error, "its memory belongs to a bytearray, which cannot be made read-only meanwhile");

  ArrayImporter converting("probe", kUint8, true);
  const ImportedArray copy = converting.guardable(converting.import(y.item, 4, y.source), 4, y.source);
  CHECK(copy.source == ImportedArray::Source::private_copy);
  CHECK(copy.view.data != buffer_address(y.item));
  CHECK(converting.copies().copies == 1);

  const InputContract any_vector{.min_ndim = 1, .max_ndim = 1};
  for (const char* name : {"bytes_buffer", "float64_vector"}) {  // nobody can write these meanwhile
    CAPTURE(name);
    Yielded own = yielded(name);
    ArrayImporter any("probe", any_vector, false);
    const ImportedArray kept = any.guardable(any.import(own.item, 1, own.source), 1, own.source);
    CHECK(kept.source == ImportedArray::Source::script_array);
    CHECK(any.copies().copies == 0);
  }
}

TEST_CASE("objects NumPy views in place through __dlpack__, __array_interface__ or __array__ are read there") {
  ArrayImporter importer("probe", kFloat64Vectors, false);
  for (const char* name : {"dlpack_vector", "interface_vector", "kept_by_array_method"}) {
    CAPTURE(name);
    Yielded y = yielded(name);
    const ImportedArray imported = importer.import(y.item, 1, y.source);
    CHECK(imported.view.data == reinterpret_cast<const void*>(y.item.attr("address")().cast<std::uintptr_t>()));
    CHECK(imported.view.dtype == dtypes::float64);
    CHECK(imported.view.shape[0] == 6);
    CHECK(imported.source == ImportedArray::Source::script_array);
  }
  CHECK(importer.copies().copies == 0);
}

TEST_CASE("a view through an object's protocol that does not fit says what it views and how to get it") {
  ArrayImporter importer("probe", kFloat64Vectors, false);
  CHECK_CONTAINS(refusal(importer, "dlpack_int32"),
                 "  got:      int32 (<i4), shape (6,), strides (4,), C-contiguous, as np.from_dlpack(x) views a "
                 "_DLPack (arrays_to_import._DLPack)\n"
                 "  fix:      with x = np.from_dlpack(x): x.astype(np.float64)   (or run with --convert");
  const std::string gpu = refusal(importer, "dlpack_on_gpu");
  CHECK_CONTAINS(gpu, "  got:      a _DLPack (arrays_to_import._DLPack) in CUDA memory (__dlpack_device__() is "
                      "(2, 1)), which the kernel cannot read\n");
  CHECK_FALSE(contains(gpu, "--convert"));
}

TEST_CASE("an __array__ that makes a new array each call is refused as a copy, or copied and counted") {
  ArrayImporter importer("probe", kFloat64Vectors, false);
  CHECK_CONTAINS(refusal(importer, "fresh_each_call"),
                 "  got:      a _Fresh (arrays_to_import._Fresh) whose __array__ makes a new float32 array each "
                 "time, a copy rather than its own memory\n"
                 "  fix:      np.array(x)  (the copy made explicit)   (or run with --convert");
  ArrayImporter converting("probe", kFloat64Vectors, true);
  const ImportedArray copy = import_item(converting, "fresh_each_call");
  CHECK(copy.source == ImportedArray::Source::private_copy);
  CHECK(copy.view.dtype == dtypes::float64);
  CHECK(converting.copies().copies == 1);
  CHECK(converting.copies().bytes == 3 * 8);
  CHECK_THROWS_AS(import_item(converting, "dlpack_on_gpu"), ScriptError);
  CHECK(converting.copies().copies == 1);
}

TEST_CASE("a contract's min_alignment refuses an array below it, and --convert copies it aligned, counted") {
  const InputContract aligned64{.dtypes = {dtypes::float64}, .min_ndim = 1, .max_ndim = 1, .min_alignment = 64};
  ArrayImporter refusing("probe", aligned64, false);
  const std::string message = refusal(refusing, "off_64_bytes");
  CHECK(message.find("aligned to 64 bytes") != std::string::npos);
  CHECK(message.find("multiple of 64") != std::string::npos);

  ArrayImporter converting("probe", aligned64, true);
  Yielded y = yielded("off_64_bytes");
  CHECK(reinterpret_cast<std::uintptr_t>(buffer_address(y.item)) % 64 == 16);
  const ImportedArray copy = converting.import(y.item, 1, y.source);
  CHECK(copy.source == ImportedArray::Source::private_copy);
  CHECK(reinterpret_cast<std::uintptr_t>(copy.view.data) % 64 == 0);
  CHECK(copy.view.size() == 6);
  CHECK(static_cast<const double*>(copy.view.data)[5] == 0.0);
  CHECK(converting.copies().copies == 1);
  CHECK(converting.copies().bytes == 6 * 8);
}

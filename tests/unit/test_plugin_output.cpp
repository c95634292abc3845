#include <doctest/doctest.h>

#include <cstdint>

#include "arrayfeed/plugin.h"
#include "kernels/plugin_output.hpp"

using namespace arrayfeed;

TEST_CASE("af_new_array hands the plugin the result's own memory") {
  KernelResult result;
  PluginOutput output(result);
  const std::int64_t shape[] = {2, 3};
  auto* data = static_cast<double*>(af_new_array(output.get(), "y", AF_FLOAT64, 2, shape));
  REQUIRE(data != nullptr);
  data[5] = 4.5;
  const ResultArray& array = std::get<ResultArray>(std::get<NamedValues>(result).at(0).value);
  CHECK(array.as<double>()[5] == 4.5);
  CHECK(array.shape() == std::vector<std::ptrdiff_t>{2, 3});
  CHECK(output.misuse().empty());
}

TEST_CASE("af_new_array refuses a shape whose byte count does not fit, rather than wrap") {
  KernelResult result;
  PluginOutput output(result);
  // 2^61 float64 values are 2^64 bytes: a wrapped product would allocate almost nothing.
  const std::int64_t wraps[] = {std::int64_t{1} << 61};
  CHECK(af_new_array(output.get(), nullptr, AF_FLOAT64, 1, wraps) == nullptr);
  CHECK(output.misuse() == "af_new_array(the single result): shape too large for memory");
  CHECK(std::holds_alternative<std::monostate>(result));
}

TEST_CASE("a zero extent makes an empty array, but the other extents must still fit") {
  KernelResult result;
  PluginOutput output(result);
  const std::int64_t empty[] = {0, 5};
  CHECK(af_new_array(output.get(), "empty", AF_INT8, 2, empty) != nullptr);
  const std::int64_t huge[] = {0, std::int64_t{1} << 40, std::int64_t{1} << 40};
  CHECK(af_new_array(output.get(), "huge", AF_INT8, 3, huge) == nullptr);
  CHECK(output.misuse() == "af_new_array('huge'): shape too large for memory");
}

TEST_CASE("a single result and named values do not mix") {
  KernelResult result;
  PluginOutput output(result);
  CHECK(af_set_float(output.get(), nullptr, 1.0) == AF_OK);
  CHECK(af_set_int(output.get(), "n", 2) == AF_ERROR);
  CHECK(output.misuse() == "set 'n' after the single result (name NULL); use either one or the other");
}

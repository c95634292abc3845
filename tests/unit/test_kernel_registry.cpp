#include <doctest/doctest.h>

#include <vector>

#include "core/errors.hpp"
#include "kernels/kernel_registry.hpp"
#include "kernels/stats_kernel.hpp"

using namespace arrayfeed;

TEST_CASE("the built-ins are nop, stats, matvec, lsq and histogram, each with a contract") {
  const KernelRegistry registry = KernelRegistry::with_builtins();
  REQUIRE(registry.entries().size() == 5);
  CHECK(registry.find("nop").make()->contract().strided_ok);
  CHECK(registry.find("stats").make()->contract().describe() ==
        "float32 or float64, any shape, C-contiguous");
  CHECK(registry.find("matvec").make()->contract().describe() ==
        "float32 or float64, 1-d to 2-d, C-contiguous (dtype and last dimension = those of data set A)");
  CHECK(registry.find("lsq").make()->contract().describe() ==
        "float32 or float64, 1-d, C-contiguous (dtype = that of data set X, length = its columns)");
  CHECK(registry.find("histogram").make()->contract().describe() ==
        "float32 or float64, any shape, C-contiguous");
  for (const KernelRegistry::Entry& e : registry.entries()) CHECK_FALSE(e.description.empty());
}

TEST_CASE("an unknown kernel is a usage error listing the known ones") {
  const KernelRegistry registry = KernelRegistry::with_builtins();
  CHECK_THROWS_WITH_AS(registry.find("fft"),
                       "unknown kernel 'fft'; known kernels: nop, stats, matvec, lsq, histogram (see 'arrayfeed kernels')",
                       UsageError);
}

TEST_CASE("a name cannot be registered twice") {
  KernelRegistry registry = KernelRegistry::with_builtins();
  CHECK_THROWS_AS(registry.add("stats", "again", [] { return std::make_unique<StatsKernel>(); }),
                  UsageError);
}

TEST_CASE("stats reads float32 and float64 and totals the run") {
  StatsKernel kernel;
  const std::vector<float> a{1.0f, 2.0f, 3.0f};
  const std::vector<double> b{4.0, 5.0};
  const std::array<std::ptrdiff_t, 1> shape_a{3}, strides_a{4}, shape_b{2}, strides_b{8};
  KernelResult result;
  kernel.process(ArrayView{a.data(), dtypes::float32, shape_a, strides_a}, result);
  CHECK(std::get<double>(std::get<NamedValues>(result)[1].value) == 6.0);
  kernel.process(ArrayView{b.data(), dtypes::float64, shape_b, strides_b}, result);
  CHECK(std::get<double>(std::get<NamedValues>(result)[1].value) == 9.0);
  const NamedValues total = kernel.finish();
  CHECK(std::get<std::int64_t>(total[0].value) == 5);
  CHECK(std::get<double>(total[1].value) == 15.0);
  CHECK(std::get<double>(total[2].value) == 3.0);
}

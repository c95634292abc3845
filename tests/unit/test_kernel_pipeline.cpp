#include <doctest/doctest.h>

#include <vector>

#include "echo_kernel.hpp"
#include "run/kernel_pipeline.hpp"

using namespace arrayfeed;

namespace {

struct Inputs {
  explicit Inputs(int n) : values(static_cast<std::size_t>(n)) {
    for (int i = 0; i < n; ++i) values[static_cast<std::size_t>(i)] = i;
  }
  ArrayView view(int i) const { return {&values[static_cast<std::size_t>(i)], dtypes::float64, shape, strides}; }
  std::vector<double> values;
  std::vector<std::ptrdiff_t> shape{1};
  std::vector<std::ptrdiff_t> strides{8};
};

/// Feeds n inputs, collecting whenever the window is full; returns the results in collection order.
std::vector<double> feed(KernelPipeline& pipeline, const Inputs& inputs, int n) {
  std::vector<double> out;
  auto collect = [&] {
    pipeline.wait_oldest();
    const KernelPipeline::Done done = pipeline.collect();
    CHECK(done.ticket == out.size());
    out.push_back(done.error ? -1.0 : std::get<double>(std::get<Value>(done.result)));
  };
  for (int i = 0; i < n; ++i) {
    if (pipeline.in_flight() == pipeline.capacity()) collect();
    pipeline.submit(inputs.view(i));
  }
  while (pipeline.in_flight() > 0) collect();
  return out;
}

}  // namespace

TEST_CASE("results come out in the order inputs went in, from several workers") {
  EchoKernel kernel(true);
  const Inputs inputs(200);
  std::vector<double> results;
  {
    KernelPipeline pipeline(kernel, 4, 6);
    results = feed(pipeline, inputs, 200);
  }
  CHECK(results == inputs.values);
  CHECK(kernel.most() > 1);
}

TEST_CASE("a kernel that is not thread-safe is never called concurrently") {
  EchoKernel kernel(false);
  const Inputs inputs(60);
  KernelPipeline pipeline(kernel, 4, 4);
  CHECK(feed(pipeline, inputs, 60) == inputs.values);
  CHECK(kernel.most() == 1);
}

TEST_CASE("a failed call comes back as its own error, in its place") {
  EchoKernel kernel(true, 5);
  const Inputs inputs(10);
  KernelPipeline pipeline(kernel, 2, 3);
  std::vector<double> expected = inputs.values;
  expected[5] = -1;
  CHECK(feed(pipeline, inputs, 10) == expected);
}

TEST_CASE("closing cancels inputs no worker started and waits for the running ones") {
  EchoKernel kernel(true);
  const Inputs inputs(8);
  {
    KernelPipeline pipeline(kernel, 1, 8);
    for (int i = 0; i < 8; ++i) pipeline.submit(inputs.view(i));
  }  // must neither hang nor crash
  CHECK(kernel.most() <= 1);
}

/// Collects every input in flight, in order.
std::vector<KernelPipeline::Done> collect_all(KernelPipeline& pipeline) {
  std::vector<KernelPipeline::Done> done;
  while (pipeline.in_flight() > 0) {
    pipeline.wait_oldest();
    done.push_back(pipeline.collect());
  }
  return done;
}

TEST_CASE("a call that asks to stop cancels the inputs after it that one worker has not started") {
  EchoKernel kernel(false, -1, 4);
  const Inputs inputs(12);
  KernelPipeline pipeline(kernel, 1, 12);
  for (int i = 0; i < 12; ++i) pipeline.submit(inputs.view(i));
  const std::vector<KernelPipeline::Done> done = collect_all(pipeline);
  CHECK(pipeline.stop_requested());
  CHECK(kernel.calls() == 5);
  REQUIRE(done.size() == 12);
  for (std::size_t i = 0; i < done.size(); ++i) {
    CAPTURE(i);
    CHECK((done[i].after == AfterCall::stop) == (i == 4));
    if (i > 4) CHECK(std::holds_alternative<std::monostate>(done[i].result));
  }
}

TEST_CASE("after a stop request none of several workers starts another call") {
  EchoKernel kernel(true, -1, 2);
  const Inputs inputs(10);
  KernelPipeline pipeline(kernel, 3, 10);
  for (int i = 0; i < 5; ++i) pipeline.submit(inputs.view(i));
  const std::vector<KernelPipeline::Done> first = collect_all(pipeline);
  CHECK(first[2].after == AfterCall::stop);
  const int calls = kernel.calls();
  for (int i = 5; i < 10; ++i) pipeline.submit(inputs.view(i));
  CHECK(collect_all(pipeline).size() == 5);
  CHECK(kernel.calls() == calls);
}

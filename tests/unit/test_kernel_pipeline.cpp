#include <doctest/doctest.h>

#include <atomic>
#include <stdexcept>
#include <thread>
#include <vector>

#include "run/kernel_pipeline.hpp"

using namespace arrayfeed;

namespace {

/// Returns its input's first value; fails on the value `fail_on`, asks to stop
/// on `stop_on`; counts its calls and records how many ran at once.
class EchoKernel : public Kernel {
 public:
  explicit EchoKernel(bool thread_safe, double fail_on = -1, double stop_on = -1)
      : m_thread_safe(thread_safe), m_fail_on(fail_on), m_stop_on(stop_on) {}
  const InputContract& contract() const override {
    static const InputContract any{};
    return any;
  }
  bool thread_safe() const override { return m_thread_safe; }
  AfterCall process(const ArrayView& input, KernelResult& result) override {
    ++m_calls;
    const int now = ++m_active;
    for (int seen = m_most.load(); now > seen && !m_most.compare_exchange_weak(seen, now);) {
    }
    const double x = *static_cast<const double*>(input.data);
    std::this_thread::sleep_for(std::chrono::microseconds(static_cast<int>(x) % 3 * 100));  // finish out of order
    --m_active;
    if (x == m_fail_on) throw std::runtime_error("no table for " + std::to_string(x));
    result = Value{x};
    return x == m_stop_on ? AfterCall::stop : AfterCall::go_on;
  }
  int most() const { return m_most; }
  int calls() const { return m_calls; }

 private:
  bool m_thread_safe;
  double m_fail_on;
  double m_stop_on;
  std::atomic<int> m_active{0};
  std::atomic<int> m_most{0};
  std::atomic<int> m_calls{0};
};

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

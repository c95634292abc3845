#include <doctest/doctest.h>

#include <atomic>
#include <stdexcept>
#include <thread>
#include <vector>

#include "run/kernel_pipeline.hpp"

using namespace arrayfeed;

namespace {

/// Returns its input's first value; fails on the value `fail_on`; records how
/// many calls ran at once.
class EchoKernel : public Kernel {
 public:
  explicit EchoKernel(bool thread_safe, double fail_on = -1) : m_thread_safe(thread_safe), m_fail_on(fail_on) {}
  const InputContract& contract() const override {
    static const InputContract any{};
    return any;
  }
  bool thread_safe() const override { return m_thread_safe; }
  void process(const ArrayView& input, KernelResult& result) override {
    const int now = ++m_active;
    for (int seen = m_most.load(); now > seen && !m_most.compare_exchange_weak(seen, now);) {
    }
    const double x = *static_cast<const double*>(input.data);
    std::this_thread::sleep_for(std::chrono::microseconds(static_cast<int>(x) % 3 * 100));  // finish out of order
    --m_active;
    if (x == m_fail_on) throw std::runtime_error("no table for " + std::to_string(x));
    result = Value{x};
  }
  int most() const { return m_most; }

 private:
  bool m_thread_safe;
  double m_fail_on;
  std::atomic<int> m_active{0};
  std::atomic<int> m_most{0};
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

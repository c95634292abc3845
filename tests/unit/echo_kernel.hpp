#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "kernels/kernel.hpp"

namespace arrayfeed {

/// A test kernel for the loops: returns its input's first value; fails on
/// the value `fail_on`, asks to stop on `stop_on`; counts its calls, keeps
/// the values it saw and records how many calls ran at once. Calls take 0-200
/// us by value, so that several workers finish out of order.
class EchoKernel : public Kernel {
 public:
  explicit EchoKernel(bool thread_safe, double fail_on = -1, double stop_on = -1)
      : m_thread_safe(thread_safe), m_fail_on(fail_on), m_stop_on(stop_on) {}
  const KernelInputs& inputs() const override {
    static const KernelInputs any = one_input(InputContract{});
    return any;
  }
  bool thread_safe() const override { return m_thread_safe; }
  AfterCall process(const StepInputs& step, KernelResult& result) override {
    const ArrayView& input = step.first;
    ++m_calls;
    const int now = ++m_active;
    for (int seen = m_most.load(); now > seen && !m_most.compare_exchange_weak(seen, now);) {
    }
    const double x = *static_cast<const double*>(input.data);
    std::this_thread::sleep_for(std::chrono::microseconds(static_cast<int>(x) % 3 * 100));
    --m_active;
    {
      const std::lock_guard lock(m_seen_lock);
      m_seen.push_back(x);
    }
    if (x == m_fail_on) throw std::runtime_error("no table for " + std::to_string(x));
    result = Value{x};
    return x == m_stop_on ? AfterCall::stop : AfterCall::go_on;
  }
  int most() const { return m_most; }
  int calls() const { return m_calls; }
  /// The values it was called on, in the order the calls finished.
  std::vector<double> seen() const {
    const std::lock_guard lock(m_seen_lock);
    return m_seen;
  }
  /// The values it was called on, in ascending order.
  std::vector<double> seen_sorted() const {
    std::vector<double> values = seen();
    std::sort(values.begin(), values.end());
    return values;
  }

 private:
  bool m_thread_safe;
  double m_fail_on;
  double m_stop_on;
  std::atomic<int> m_active{0};
  std::atomic<int> m_most{0};
  std::atomic<int> m_calls{0};
  mutable std::mutex m_seen_lock;
  std::vector<double> m_seen;
};

}  // namespace arrayfeed

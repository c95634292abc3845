#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <exception>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <variant>
#include <vector>

#include "core/array_source.hpp"
#include "core/early_exit.hpp"

namespace arrayfeed {

/// A test double of the script's ArraySource: serves `count` float64 arrays
/// from C++ vectors (array #k, numbered from 1, holds k in every element)
/// and records what the loop hands back and lets go of. Like a producer that
/// reuses its buffers, it overwrites each array it lets go of, so that a loop
/// letting go too early shows in the kernel's results (and to TSan).
class FakeArraySource : public ArraySource {
 public:
  /// What a let-go-of array holds from then on.
  static constexpr double kReleased = -1000;

  explicit FakeArraySource(std::size_t count, std::size_t width = 2)
      : m_arrays(count, std::vector<double>(width)), m_shape{static_cast<std::ptrdiff_t>(width)} {
    for (std::size_t i = 0; i < count; ++i) m_arrays[i].assign(width, static_cast<double>(i + 1));
  }

  /// The request for array #number throws `error` instead (a failing
  /// script: ScriptError; SystemExit or a signal: EarlyExit).
  void fail_at(std::size_t number, std::exception_ptr error) {
    m_fail_at = number;
    m_error = std::move(error);
  }
  /// Each array says it took `ns` to check (as a full check or a --convert copy).
  void take_to_check(std::int64_t ns) { m_check_ns = ns; }
  /// check_interrupts() throws `exit`, as for a signal that came meanwhile.
  void interrupt_pending(EarlyExit exit) { m_pending = std::move(exit); }

  bool next(const NextRequest& request, SourcedArray& array) override {
    note_thread();
    m_handed_back.push_back(value_of(request.result));
    let_go(request.done);
    if (m_given + 1 == m_fail_at) std::rethrow_exception(m_error);
    if (m_given == m_arrays.size()) return false;
    const std::vector<double>& values = m_arrays[m_given];
    array = {.inputs = ArrayView{.data = values.data(), .dtype = dtypes::float64, .shape = m_shape, .strides = m_strides},
             .made_at = RunClock::now(),
             .check_ns = m_check_ns};
    m_held.push_back(m_given++);
    return true;
  }
  void check_interrupts() override {
    note_thread();
    if (m_pending) throw *m_pending;
  }
  void guard_in_flight() override {
    note_thread();
    if (m_given > 0) m_problems.push_back("guarded the arrays in flight after some were given");
    m_guarded = true;
  }
  std::optional<std::uint64_t> length() const override { return m_arrays.size(); }
  CopyCount copies() const override { return {}; }

  /// Arrays given, and next() calls.
  std::size_t given() const { return m_given; }
  std::size_t requests() const { return m_handed_back.size(); }
  /// What each next() call handed back: the last array's result, if any.
  const std::vector<std::optional<double>>& handed_back() const { return m_handed_back; }
  /// How often each array given was let go of, and how many are still held.
  std::vector<int> releases() const {
    return {m_releases.begin(), m_releases.begin() + static_cast<std::ptrdiff_t>(m_given)};
  }
  std::size_t held() const { return m_held.size(); }
  bool guarded() const { return m_guarded; }
  /// Each use the interface does not allow, in words.
  const std::vector<std::string>& problems() const { return m_problems; }

 private:
  // The loop calls its source from the run's own thread only.
  void note_thread() {
    if (std::this_thread::get_id() != m_thread) m_problems.push_back("called from another thread");
  }

  std::optional<double> value_of(const KernelResult* result) {
    if (!result) return std::nullopt;
    const Value* value = std::get_if<Value>(result);
    if (value && std::holds_alternative<double>(*value)) return std::get<double>(*value);
    m_problems.push_back("handed back a result that is not one value");
    return std::nullopt;
  }

  void let_go(unsigned done) {
    if (done > m_held.size())
      m_problems.push_back("asked to let go of " + std::to_string(done) + " arrays, holding " +
                           std::to_string(m_held.size()));
    for (; done > 0 && !m_held.empty(); --done) {
      std::vector<double>& values = m_arrays[m_held.front()];
      values.assign(values.size(), kReleased);
      ++m_releases[m_held.front()];
      m_held.pop_front();
    }
  }

  std::vector<std::vector<double>> m_arrays;
  std::vector<std::ptrdiff_t> m_shape;
  std::vector<std::ptrdiff_t> m_strides{sizeof(double)};
  std::size_t m_fail_at = 0;  ///< 0: none
  std::exception_ptr m_error;
  std::optional<EarlyExit> m_pending;
  std::int64_t m_check_ns = 0;
  const std::thread::id m_thread = std::this_thread::get_id();
  std::size_t m_given = 0;
  std::deque<std::size_t> m_held;  ///< indices of the arrays held, oldest first
  std::vector<int> m_releases = std::vector<int>(m_arrays.size());
  std::vector<std::optional<double>> m_handed_back;
  bool m_guarded = false;
  std::vector<std::string> m_problems;
};

}  // namespace arrayfeed

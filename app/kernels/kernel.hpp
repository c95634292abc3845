#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>

#include "core/array_view.hpp"
#include "core/communicator.hpp"
#include "core/data_sets.hpp"
#include "core/kernel_calls.hpp"
#include "core/kernel_inputs.hpp"
#include "core/kernel_result.hpp"
#include "core/param_info.hpp"
#include "core/params.hpp"
#include "core/run_clock.hpp"
#include "core/step_inputs.hpp"

namespace arrayfeed {

/// What a kernel call asks of the run once its input is done.
enum class AfterCall {
  go_on,
  /// End the run gracefully: this input's result is kept; the inputs yielded
  /// after it are not processed (with calls in flight, none started after it).
  stop,
};

/// How one call went, for the run's accounts.
struct CallOutcome {
  AfterCall after = AfterCall::go_on;
  std::int64_t kernel_ns = 0;   ///< inside process
  RunClock::time_point ended;  ///< when process returned
};

/// A backend that processes one step at a time: one array, or one of each
/// of its named inputs. The host calls init once, then process for every
/// step (through call(); never touches Python), then finish once at the end.
class Kernel {
 public:
  virtual ~Kernel() = default;
  /// What process reads in place, input by input. May be narrowed by init
  /// (e.g. to the dtype and width of a loaded matrix); the host reads it
  /// again after init.
  virtual const KernelInputs& inputs() const = 0;
  /// The first input's contract: all there is of a one-input kernel's.
  const InputContract& contract() const { return inputs().front().contract; }
  /// The parameters it reads, with their types and defaults.
  virtual const ParamInfos& params() const;
  /// False for a kernel that may read parameters it does not declare (an ABI
  /// v1 plugin): then no --set key can be called unknown.
  virtual bool declares_params() const { return true; }
  /// True if process may run on several threads at once.
  virtual bool thread_safe() const { return false; }
  /// True if init, process or finish reduce across the job's ranks (through
  /// what join gave it): the ranks then run in lock step, one array each at a time.
  virtual bool collective() const { return false; }
  /// The job's ranks, before init: a collective kernel keeps them. A kernel
  /// that never joins works alone.
  virtual void join(Communicator& ranks) { (void)ranks; }
  /// Expensive one-time set-up belongs here; `data` outlives the kernel's
  /// use of it. Throws BackendError (or any std::exception) on failure.
  virtual void init(const Params& params, const DataSets& data) {
    (void)params;
    (void)data;
  }
  /// Totals over the whole run, printed with the run summary. Called once,
  /// only after a successful init.
  virtual NamedValues finish() { return {}; }
  /// Of several ranks that all ran, just before finish: merges what finish
  /// reports with every rank's (a collective call), and says whether it
  /// did. A kernel that does not leaves its totals this rank's.
  virtual bool merge_across(Communicator& ranks) {
    (void)ranks;
    return false;
  }

  /// The one way a loop runs process on an array, numbered from 1: the
  /// thread is marked as inside the call (for the signal handlers), the call
  /// is timed from `start` (a caller that has just read the clock saves a
  /// reading), and whatever it throws becomes a BackendError naming the
  /// kernel and the array. Inline: it is most of the loop's own work.
  CallOutcome call(const StepInputs& input, KernelResult& result, std::uint64_t array_number,
                   RunClock::time_point start = RunClock::now()) {
    const KernelCallMark mark(KernelPhase::process, array_number);
    try {
      const AfterCall after = process(input, result);
      const RunClock::time_point ended = RunClock::now();
      return {.after = after, .kernel_ns = ns_between(start, ended), .ended = ended};
    } catch (...) {
      throw_call_failure(array_number);
    }
  }
  /// call(), from one of several threads: a kernel that is not thread-safe
  /// is called by one of them at a time. `still_wanted()` is asked once the
  /// call's turn has come; when false the call is skipped (nullopt).
  template <class StillWanted>
  std::optional<CallOutcome> call_in_turn(const StepInputs& input, KernelResult& result, std::uint64_t array_number,
                                          StillWanted still_wanted);
  /// Says how many threads will call it: more than one serialises a kernel
  /// that is not thread-safe.
  void set_callers(unsigned threads) { m_one_at_a_time = threads > 1 && !thread_safe(); }

  /// The name it is registered under, for messages.
  const std::string& name() const { return m_name; }
  void set_name(std::string name) { m_name = std::move(name); }

 protected:
  /// Reads the step's arrays in place; leaves `result` as monostate for no result.
  /// The stop request belongs to the call, not to the kernel, so it means the
  /// same with several calls on several threads.
  virtual AfterCall process(const StepInputs& input, KernelResult& result) = 0;

 private:
  /// Rethrows the exception being handled as a BackendError naming the call.
  [[noreturn]] void throw_call_failure(std::uint64_t array_number) const;

  std::string m_name = "kernel";
  std::mutex m_turn;  ///< held around process when m_one_at_a_time
  bool m_one_at_a_time = false;
};

template <class StillWanted>
std::optional<CallOutcome> Kernel::call_in_turn(const StepInputs& input, KernelResult& result,
                                                std::uint64_t array_number, StillWanted still_wanted) {
  std::unique_lock turn(m_turn, std::defer_lock);
  if (m_one_at_a_time) turn.lock();
  if (!still_wanted()) return std::nullopt;
  return call(input, result, array_number);
}

}  // namespace arrayfeed

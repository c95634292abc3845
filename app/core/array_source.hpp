#pragma once

#include <cstdint>
#include <optional>

#include "core/kernel_result.hpp"
#include "core/run_clock.hpp"
#include "core/step_inputs.hpp"

namespace arrayfeed {

/// A step's arrays taken from an ArraySource (one, or one per named input).
struct SourcedArray {
  StepInputs inputs;             ///< valid until the source lets go of the array
  RunClock::time_point made_at;  ///< when it was ready for the kernel
  /// Of next()'s time, what the source spent checking or copying the array
  /// after the producer handed it over: the host's time, not the producer's.
  std::int64_t check_ns = 0;

  /// When the producer handed it over: the end of its time, the start of the host's.
  RunClock::time_point handed_over() const { return {made_at.ns - check_ns}; }
};

/// What the loop tells the source when it asks for the next array.
struct NextRequest {
  /// How many of the arrays held (oldest first) the kernel is done with: the
  /// source lets go of them before it takes the next.
  unsigned done = 0;
  /// The last array's result, to hand back to the producer (a generator's
  /// `yield` returns it); null when nothing is handed back.
  const KernelResult* result = nullptr;
};

/// Copies made under --convert, for the summary.
struct CopyCount {
  std::uint64_t copies = 0;
  std::uint64_t bytes = 0;
};

/// Where a run's arrays come from and where their results go back: the
/// script's generator (python/script_source) or a test double. The loop
/// calls it from the run's own thread and never touches the producer's
/// runtime itself: a source takes whatever lock its producer needs (the
/// GIL) inside each call, so kernels, writers and waits run without it.
class ArraySource {
 public:
  virtual ~ArraySource() = default;

  /// Sets `array` to the next array, read in place, and returns true; false
  /// once the producer has no more. The source holds each array it gave, in
  /// order, until a later request says the kernel is done with it. Throws
  /// ScriptError for an array the kernel cannot read (or the producer's
  /// failure), EarlyExit for SIGINT, SIGTERM or SystemExit.
  virtual bool next(const NextRequest& request, SourcedArray& array) = 0;
  /// Runs the handlers of signals that came meanwhile: throws EarlyExit for
  /// SIGINT or SIGTERM.
  virtual void check_interrupts() = 0;
  /// From now on kernels read the arrays on other threads while the
  /// producer runs on: each array held is read-only to the producer, and one
  /// that cannot be made so is refused (or copied under --convert).
  virtual void guard_in_flight() = 0;
  /// How many arrays the producer will give, when it says.
  virtual std::optional<std::uint64_t> length() const = 0;
  virtual CopyCount copies() const = 0;
};

}  // namespace arrayfeed

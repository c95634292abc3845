#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "core/array_view.hpp"

namespace arrayfeed {

/// One step's arrays, by position in the kernel's declaration order. The
/// first is held inline, as most kernels read one array; the views of the
/// others live with whoever made the step (the array source) until the
/// kernel is done with it.
struct StepInputs {
  StepInputs() = default;
  /// A step of one input: how a one-input kernel is called.
  StepInputs(const ArrayView& only) : first(only) {}  // NOLINT(google-explicit-constructor): a view is a step

  ArrayView first;
  std::span<const ArrayView> rest{};
  /// Bit i set: optional input i was left out, and its view is empty.
  std::uint64_t absent = 0;

  std::size_t size() const { return 1 + rest.size(); }
  const ArrayView& operator[](std::size_t i) const { return i == 0 ? first : rest[i - 1]; }
  bool has(std::size_t i) const { return ((absent >> i) & 1u) == 0; }
  /// Bytes over all the inputs given, for the run's accounts.
  std::size_t nbytes() const {
    std::size_t n = has(0) ? first.nbytes() : 0;
    for (std::size_t i = 0; i < rest.size(); ++i)
      if (has(i + 1)) n += rest[i].nbytes();
    return n;
  }
};

}  // namespace arrayfeed

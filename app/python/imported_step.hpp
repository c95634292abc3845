#pragma once

#include <cstdint>
#include <vector>

#include <pybind11/pybind11.h>

#include "core/step_inputs.hpp"
#include "python/array_import.hpp"

namespace arrayfeed {

/// One yielded item as a step of the kernel: an ImportedArray per kernel
/// input, by position (an absent optional input has no owner and an empty view).
struct ImportedStep {
  std::vector<ImportedArray> arrays;
  std::uint64_t absent = 0;  ///< bit i: optional input i was left out
};

/// A step's arrays held for the kernel: what keeps their memory alive, and
/// the views of the inputs after the first, which StepInputs::rest points
/// into. Moving it keeps those views where they are (vectors keep their buffers).
struct HeldStep {
  pybind11::object first;                   ///< the first input's owner
  std::vector<pybind11::object> rest_owners;
  std::vector<ArrayView> rest;

  /// Takes `step`'s owners and sets `inputs` to its views, valid while this holds them.
  void take(ImportedStep&& step, StepInputs& inputs);
  /// Lets go of the step; the buffers stay for the next.
  void clear() {
    first = pybind11::object();
    rest_owners.clear();
    rest.clear();
  }
};

}  // namespace arrayfeed

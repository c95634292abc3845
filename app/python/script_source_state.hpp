#pragma once

#include <cstdint>

#include <pybind11/pybind11.h>

#include "python/imported_step.hpp"
#include "python/in_flight_arrays.hpp"
#include "python/pending_signals.hpp"
#include "python/script_iterator.hpp"
#include "python/script_source.hpp"
#include "python/step_import.hpp"

namespace arrayfeed {

/// What a ScriptSource drives: the script's iterator, the importer that reads
/// its items, and the steps it holds for the kernel.
struct ScriptSource::State {
  State(ScriptIterator iterator, StepImporter importer)
      : iterator(std::move(iterator)), importer(std::move(importer)) {}

  ScriptIterator iterator;
  StepImporter importer;
  bool guarded = false;           ///< guard_in_flight() was called
  InFlightArrays in_flight;       ///< the steps held when guarded
  HeldStep current;               ///< the one step held when not
  std::uint64_t yielded = 0;
  PendingSignals signals;
};

}  // namespace arrayfeed

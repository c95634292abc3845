#pragma once

#include <cstdint>

#include <pybind11/pybind11.h>

#include "python/array_import.hpp"
#include "python/in_flight_arrays.hpp"
#include "python/pending_signals.hpp"
#include "python/script_iterator.hpp"
#include "python/script_source.hpp"

namespace arrayfeed {

/// What a ScriptSource drives: the script's iterator, the importer that reads
/// its items, and the arrays it holds for the kernel.
struct ScriptSource::State {
  State(ScriptIterator iterator, ArrayImporter importer)
      : iterator(std::move(iterator)), importer(std::move(importer)) {}

  ScriptIterator iterator;
  ArrayImporter importer;
  bool guarded = false;           ///< guard_in_flight() was called
  InFlightArrays in_flight;       ///< the arrays held when guarded
  pybind11::object current;       ///< the one array held when not
  std::uint64_t yielded = 0;
  PendingSignals signals;
};

}  // namespace arrayfeed

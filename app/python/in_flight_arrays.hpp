#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <pybind11/pybind11.h>

#include "python/imported_step.hpp"

namespace arrayfeed {

/// The steps a kernel reads on another thread while the script runs on:
/// each array of a step is held alive and made read-only, with every NumPy array it views,
/// until the last kernel call reading it is done; then what was writeable is
/// writeable again. So a script that writes into an array in flight gets
/// NumPy's "read-only" error instead of a silent race. Use with the GIL.
class InFlightArrays {
 public:
  InFlightArrays() = default;
  InFlightArrays(const InFlightArrays&) = delete;
  InFlightArrays& operator=(const InFlightArrays&) = delete;
  ~InFlightArrays();

  /// Takes the newest step, which StepImporter::make_guardable has passed,
  /// and sets `inputs` to its views, valid until the step is let go of.
  void hold(ImportedStep&& step, StepInputs& inputs);
  /// Lets go of the oldest step.
  void release_oldest();
  /// Lets go of every step held.
  void release_all();

 private:
  /// One step held, and the arrays (its own and their bases) it keeps read-only.
  struct Held {
    HeldStep step;
    std::vector<PyObject*> guarded;
  };
  /// An array made read-only, and how many held arrays need it so.
  struct Guarded {
    pybind11::object array;
    int holders = 0;
  };

  void guard(PyObject* array, std::vector<PyObject*>& guarded);
  void unguard(PyObject* array);

  // Few arrays are in flight: plain vectors, reused, beat node-based
  // containers that allocate for every array.
  std::vector<Held> m_held;  ///< a ring: m_size entries from m_oldest
  std::size_t m_oldest = 0;
  std::size_t m_size = 0;
  std::vector<Guarded> m_guarded;
  std::vector<PyObject*> m_chain;  ///< the arrays behind the newest one, reused
};

}  // namespace arrayfeed

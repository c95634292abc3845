#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <pybind11/pybind11.h>

#include "core/kernel_inputs.hpp"
#include "core/step_inputs.hpp"
#include "python/array_import.hpp"
#include "python/imported_step.hpp"

namespace arrayfeed {

class ScriptIterator;

/// Reads each yielded item as one step of a kernel with named inputs: a dict
/// of input name to array, or a bare array for the first input when every
/// other input is optional. Each input has its own ArrayImporter (its own
/// contract, fast path and --convert). Refuses a missing, unknown or
/// mismatched input before the kernel, naming it.
class StepImporter {
 public:
  /// `inputs` outlives this (the kernel's).
  StepImporter(const std::string& kernel_name, const KernelInputs& inputs, bool convert);

  /// The fast path for a bare array (ArrayImporter::read_accepted): true
  /// when the first input takes `item` as it is and every other input is
  /// optional; then `step` is that array alone.
  bool read_accepted(PyObject* item, StepInputs& step) const {
    if (!m_bare_absent || !m_importers.front().read_accepted(item, step.first)) return false;
    step.rest = {};
    step.absent = 0;
    return true;
  }
  /// `item`, the `yield_number`-th (from 1), as a step. Throws ScriptError with the refusal.
  ImportedStep import(pybind11::handle item, std::uint64_t yield_number, const ScriptIterator& source);
  /// Each array of `step` as ArrayImporter::guardable leaves it, for a kernel on another thread.
  void make_guardable(ImportedStep& step, std::uint64_t yield_number, const ScriptIterator& source);
  /// Over all the inputs.
  CopyCount copies() const;

 private:
  /// The dict's values by input position (null where left out); refuses a key that names no input.
  std::vector<pybind11::object> by_input(pybind11::handle dict, std::uint64_t yield_number,
                                         const ScriptIterator& source) const;
  void check_shapes(const ImportedStep& step, std::uint64_t yield_number, const ScriptIterator& source) const;
  [[noreturn]] void refuse_bare(pybind11::handle item, std::uint64_t yield_number, const ScriptIterator& source) const;

  std::string m_kernel_name;
  const KernelInputs& m_inputs;
  std::vector<ArrayImporter> m_importers;  ///< one per input, by position
  bool m_one_input;
  /// What a bare array leaves out (every input but the first); nullopt when one of them is required.
  std::optional<std::uint64_t> m_bare_absent;
};

}  // namespace arrayfeed

#pragma once

#include <cstdint>
#include <string>

#include <pybind11/pybind11.h>

#include "core/array_view.hpp"
#include "core/input_contract.hpp"

namespace arrayfeed {

class ScriptIterator;

/// Copies made under --convert, for the summary.
struct CopyCount {
  std::uint64_t copies = 0;
  std::uint64_t bytes = 0;
};

/// Reads each yielded object as an array in place, after checking it against
/// the kernel's contract; refuses what does not fit, or copies it under
/// --convert. Holds the array (or its copy) until the next item, so Python
/// cannot free memory a kernel is reading.
class ArrayImporter {
 public:
  ArrayImporter(std::string kernel_name, const InputContract& contract, bool convert);

  /// The view of `item`, the `yield_number`-th (from 1). Throws ScriptError
  /// with the refusal message (where, expected, got, fix).
  ArrayView import(pybind11::handle item, std::uint64_t yield_number, const ScriptIterator& source);
  /// Drops the array held since the last import (needs the GIL).
  void release() { m_held = pybind11::object(); }
  const CopyCount& copies() const { return m_copies; }

 private:
  ArrayView convert(pybind11::handle item, const DType& target, std::uint64_t yield_number,
                    const ScriptIterator& source);
  [[noreturn]] void refuse(std::uint64_t yield_number, const ScriptIterator& source,
                           const Mismatch& mismatch, const std::string& got) const;

  std::string m_kernel_name;
  const InputContract& m_contract;
  bool m_convert;
  DType m_list_target;  ///< what a list becomes under --convert
  pybind11::object m_held;
  CopyCount m_copies;
};

}  // namespace arrayfeed

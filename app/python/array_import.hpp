#pragma once

#include <cstdint>
#include <string>

#include <pybind11/pybind11.h>

#include "core/array_source.hpp"
#include "core/array_view.hpp"
#include "core/input_contract.hpp"
#include "python/accepted_arrays.hpp"

namespace arrayfeed {

class ScriptIterator;

/// One yielded item as the kernel will read it, and what keeps its memory alive.
struct ImportedArray {
  /// Where the memory comes from, which decides whether it can be guarded.
  enum class Source {
    script_array,    ///< the script's own memory: a NumPy array, or another object's buffer through one
    private_copy,    ///< a copy made under --convert: nobody else can write to it
  };
  ArrayView view;            ///< valid while `owner` lives
  pybind11::object owner;    ///< a NumPy array over the memory
  Source source = Source::script_array;
};

/// Reads each yielded object as an array in place, after checking it against
/// the kernel's contract; refuses what does not fit, or copies it under
/// --convert. The caller holds the returned owner until the kernel is done,
/// so Python cannot free memory a kernel is reading.
class ArrayImporter {
 public:
  /// `input_name` names the input in refusals; empty for a kernel's only input.
  ArrayImporter(std::string kernel_name, const InputContract& contract, bool convert, std::string input_name = {});

  /// `item`, the `yield_number`-th (from 1), ready for the kernel. Throws
  /// ScriptError with the refusal message (where, expected, got, fix).
  ImportedArray import(pybind11::handle item, std::uint64_t yield_number, const ScriptIterator& source);
  /// import()'s fast path alone: true, with `view` set, for an ndarray read
  /// in place as an earlier one was (see AcceptedArrays); false for anything
  /// import() has to look at.
  bool read_accepted(PyObject* item, ArrayView& view) const { return m_accepted.read(item, view); }
  /// `array` if the script cannot write its memory once InFlightArrays has made
  /// the NumPy arrays behind it read-only (see unguarded_owner); else a copy
  /// under --convert, or a ScriptError. For a kernel on another thread.
  ImportedArray guardable(ImportedArray&& array, std::uint64_t yield_number, const ScriptIterator& source);
  const CopyCount& copies() const { return m_copies; }

 private:
  ImportedArray convert(pybind11::handle item, const DType& target, std::uint64_t yield_number,
                        const ScriptIterator& source, const std::string& why = {});
  /// The fix for dates, text, objects or records, which depends on what they hold.
  std::string fix_from_values(pybind11::handle array, std::uint64_t yield_number, const ScriptIterator& source) const;
  [[noreturn]] void refuse(std::uint64_t yield_number, const ScriptIterator& source,
                           const Mismatch& mismatch, const std::string& got) const;

  std::string m_kernel_name;
  std::string m_input_name;
  const InputContract& m_contract;
  bool m_convert;
  DType m_list_target;  ///< what a list becomes under --convert, and what fixes for values suggest
  CopyCount m_copies;
  AcceptedArrays m_accepted;
};

}  // namespace arrayfeed

#include "python/array_import.hpp"

#include <algorithm>
#include <cctype>

#include <spdlog/spdlog.h>

#include "core/errors.hpp"
#include "python/host_calls.hpp"
#include "python/interpreter.hpp"
#include "python/memory_owner.hpp"
#include "python/numpy_api.hpp"
#include "python/numpy_view.hpp"
#include "python/python_error.hpp"
#include "python/script_iterator.hpp"
#include "python/text.hpp"
#include "python/yield_refusal.hpp"

namespace py = pybind11;

namespace arrayfeed {
namespace {

// The fixes speak of NumPy arrays, and NumPy viewed the item through its
// protocol: say what the array was a view of, and how to get it.
void name_the_view(Mismatch& mismatch, std::string& got, py::handle item, const std::string& through) {
  got += ", as " + through + " views " + Interpreter::host().type_in_words(item);
  mismatch.fix = "with x = " + through + ": " + mismatch.fix;
}

bool identifier_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

bool python_identifier(const std::string& name) {
  return !name.empty() && !std::isdigit(static_cast<unsigned char>(name[0])) &&
         std::all_of(name.begin(), name.end(), identifier_char);
}

// The fixes call the yielded array x; a named input's fix calls it by its
// name (a dict entry 'weights' becomes weights.astype(...)), where that is a
// Python name.
std::string in_terms_of(const std::string& fix, const std::string& name) {
  if (name == "x" || !python_identifier(name)) return fix;
  std::string out;
  for (std::size_t i = 0; i < fix.size(); ++i) {
    const auto quote_or_name = [](char c) { return identifier_char(c) || c == '\'' || c == '"'; };
    const bool alone = (i == 0 || (!quote_or_name(fix[i - 1]) && fix[i - 1] != '.')) &&
                       (i + 1 == fix.size() || !quote_or_name(fix[i + 1]));
    out += fix[i] == 'x' && alone ? name : std::string(1, fix[i]);
  }
  return out;
}

}  // namespace

ArrayImporter::ArrayImporter(std::string kernel_name, const InputContract& contract, bool convert,
                             std::string input_name)
    : m_kernel_name(std::move(kernel_name)),
      m_input_name(std::move(input_name)),
      m_contract(contract),
      m_convert(convert),
      m_list_target(conversion_target(contract, dtypes::float64)),
      m_accepted(contract) {}

ImportedArray ArrayImporter::import(py::handle item, std::uint64_t yield_number, const ScriptIterator& source) {
  ImportedArray imported;
  if (m_accepted.read(item.ptr(), imported.view)) {
    imported.owner = py::reinterpret_borrow<py::object>(item);
    return imported;
  }
  const bool exact = PyArray_CheckExact(item.ptr());
  std::string through;
  if (exact) {
    imported.owner = py::reinterpret_borrow<py::object>(item);
  } else {
    AsArray found = Interpreter::host().as_array(item, m_list_target);
    if (!found.array) {
      const Mismatch mismatch{m_contract.describe(), found.fix, found.convertible};
      if (!m_convert || !mismatch.convertible) refuse(yield_number, source, mismatch, found.got);
      return convert(item, m_list_target, yield_number, source);
    }
    imported.owner = std::move(found.array);
    through = std::move(found.through);
  }
  imported.view = view_of(imported.owner.ptr());
  auto mismatch = check_input(m_contract, imported.view);
  if (!mismatch) {
    if (exact) m_accepted.remember(imported.owner.ptr(), imported.view.dtype);
    return imported;
  }
  if (mismatch->fix_from_values) mismatch->fix = fix_from_values(imported.owner, yield_number, source);
  if (!m_convert || !mismatch->convertible) {
    std::string got = imported.view.describe();
    if (!through.empty()) name_the_view(*mismatch, got, item, through);
    refuse(yield_number, source, *mismatch, got);
  }
  return convert(imported.owner, conversion_target(m_contract, imported.view.dtype), yield_number, source);
}

ImportedArray ArrayImporter::guardable(ImportedArray&& array, std::uint64_t yield_number,
                                       const ScriptIterator& source) {
  if (array.source == ImportedArray::Source::private_copy) return std::move(array);
  PyObject* owner = unguarded_owner(array.owner.ptr());
  if (!owner) return std::move(array);
  const std::string whose =
      "its memory belongs to " + Interpreter::host().type_in_words(owner) + ", which cannot be made read-only";
  if (m_convert)
    return convert(array.owner, array.view.dtype, yield_number, source, " (" + whose + " while the kernel reads it)");
  throw ScriptError("yield #" + std::to_string(yield_number) + " at " + source.where() +
                    ": with --prefetch or --threads the kernel reads each array on another thread while the "
                    "script runs on, and " + whose + " meanwhile (NumPy arrays can)\n"
                    "  fix:      yield a NumPy array that owns its memory, e.g. np.array(x) (a copy), or run with "
                    "--convert to copy it, counted in the summary");
}

ImportedArray ArrayImporter::convert(py::handle item, const DType& target, std::uint64_t yield_number,
                                     const ScriptIterator& source, const std::string& why) {
  ImportedArray copy;
  copy.source = ImportedArray::Source::private_copy;
  try {
    copy.owner = Interpreter::host().convert(item, target, m_contract.min_alignment);
  } catch (py::error_already_set& error) {
    rethrow_python_error(error, "yield #" + std::to_string(yield_number) + " at " + source.where() +
                                    ": --convert could not make a " + target.name() + " array of it:");
  }
  copy.view = view_of(copy.owner.ptr());
  if (m_copies.copies++ == 0)
    spdlog::warn("yield #{} at {}: converted to {} with a copy (--convert){}; later copies are "
                 "counted in the summary, not logged",
                 yield_number, source.where(), copy.view.describe(), why);
  m_copies.bytes += copy.view.nbytes();
  return copy;
}

std::string ArrayImporter::fix_from_values(py::handle array, std::uint64_t yield_number,
                                           const ScriptIterator& source) const {
  try {
    return Interpreter::host().fix_for_values(array, m_list_target);
  } catch (py::error_already_set& error) {  // the values are the script's: their methods may raise
    rethrow_python_error(error, "yield #" + std::to_string(yield_number) + " at " + source.where() +
                                    ": looking at what the array holds failed:");
  }
}

void ArrayImporter::refuse(std::uint64_t yield_number, const ScriptIterator& source,
                           const Mismatch& mismatch, const std::string& got) const {
  const std::string what = m_input_name.empty() ? "it" : "input '" + m_input_name + "'";
  refuse_yield(yield_number, source,
               {.headline = "kernel '" + m_kernel_name + "' cannot read " + what + " in place",
                .expected = mismatch.expected,
                .got = got,
                .fix = in_terms_of(mismatch.fix, m_input_name),
                .convertible = mismatch.convertible});
}

}  // namespace arrayfeed

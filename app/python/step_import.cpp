#include "python/step_import.hpp"

#include <algorithm>

#include "python/interpreter.hpp"
#include "python/host_calls.hpp"
#include "python/text.hpp"
#include "python/yield_refusal.hpp"

namespace py = pybind11;

namespace arrayfeed {
namespace {

std::string quoted(const std::string& name) { return "'" + name + "'"; }

std::string names_text(const KernelInputs& inputs) {
  std::string text;
  for (const KernelInput& input : inputs) text += (text.empty() ? "" : ", ") + input.name;
  return text;
}

std::string dict_example(const KernelInputs& inputs) {
  std::string text;
  for (const KernelInput& input : inputs) text += (text.empty() ? "" : ", ") + quoted(input.name) + ": ...";
  return "{" + text + "}";
}

std::string expected_dict(const KernelInputs& inputs) {
  std::string text;
  for (const KernelInput& input : inputs)
    text += (text.empty() ? "" : ", ") + input.name + (input.optional ? " (optional)" : "");
  return "a dict of input name to array; inputs: " + text;
}

// "a dict with keys 'w', 1": the keys as the script wrote them.
std::string dict_in_words(py::handle dict) {
  std::string keys;
  for (const auto& [key, value] : py::reinterpret_borrow<py::dict>(dict))
    keys += (keys.empty() ? "" : ", ") + utf8_text(py::repr(key));
  return keys.empty() ? "an empty dict" : "a dict with keys " + keys;
}

std::uint64_t bare_absent(const KernelInputs& inputs, bool& allowed) {
  std::uint64_t absent = 0;
  allowed = true;
  for (std::size_t i = 1; i < inputs.size(); ++i) {
    allowed = allowed && inputs[i].optional;
    absent |= std::uint64_t{1} << i;
  }
  return absent;
}

}  // namespace

StepImporter::StepImporter(const std::string& kernel_name, const KernelInputs& inputs, bool convert)
    : m_kernel_name(kernel_name), m_inputs(inputs), m_one_input(inputs.size() == 1) {
  m_importers.reserve(inputs.size());
  for (const KernelInput& input : inputs)
    m_importers.emplace_back(kernel_name, input.contract, convert, m_one_input ? std::string() : input.name);
  bool allowed = false;
  const std::uint64_t absent = bare_absent(inputs, allowed);
  if (allowed) m_bare_absent = absent;
}

ImportedStep StepImporter::import(py::handle item, std::uint64_t yield_number, const ScriptIterator& source) {
  ImportedStep step;
  step.arrays.resize(m_inputs.size());
  if (!PyDict_Check(item.ptr())) {
    if (!m_bare_absent) refuse_bare(item, yield_number, source);
    step.arrays[0] = m_importers[0].import(item, yield_number, source);
    step.absent = *m_bare_absent;
    return step;
  }
  const std::vector<py::object> given = by_input(item, yield_number, source);
  for (std::size_t i = 0; i < given.size(); ++i) {
    if (given[i]) continue;
    // The first input is always given: a step's first view is never empty.
    if (i > 0 && m_inputs[i].optional) {
      step.absent |= std::uint64_t{1} << i;
      continue;
    }
    refuse_yield(yield_number, source,
                 {.headline = "kernel '" + m_kernel_name + "' needs input '" + m_inputs[i].name +
                              "', which the dict leaves out",
                  .expected = expected_dict(m_inputs),
                  .got = dict_in_words(item),
                  .fix = "add " + quoted(m_inputs[i].name) + ": <array> to the dict, e.g. " + dict_example(m_inputs)});
  }
  for (std::size_t i = 0; i < given.size(); ++i)
    if (given[i]) step.arrays[i] = m_importers[i].import(given[i], yield_number, source);
  check_shapes(step, yield_number, source);
  return step;
}

std::vector<py::object> StepImporter::by_input(py::handle dict, std::uint64_t yield_number,
                                               const ScriptIterator& source) const {
  std::vector<py::object> given(m_inputs.size());
  for (const auto& [key, value] : py::reinterpret_borrow<py::dict>(dict)) {
    const bool named = PyUnicode_Check(key.ptr());
    const std::string name = named ? utf8_text(key) : std::string();
    const auto found = std::find_if(m_inputs.begin(), m_inputs.end(),
                                    [&](const KernelInput& input) { return named && input.name == name; });
    if (found != m_inputs.end()) {
      given[static_cast<std::size_t>(found - m_inputs.begin())] = py::reinterpret_borrow<py::object>(value);
      continue;
    }
    const std::string headline =
        named ? "kernel '" + m_kernel_name + "' has no input '" + name + "'"
              : "the dict's key " + utf8_text(py::repr(key)) + " is not a str: kernel '" + m_kernel_name +
                    "' takes its inputs by name";
    refuse_yield(yield_number, source,
                 {.headline = headline,
                  .expected = expected_dict(m_inputs),
                  .got = dict_in_words(dict),
                  .fix = "key each array by one of the kernel's input names (" + names_text(m_inputs) + "), e.g. " +
                         dict_example(m_inputs)});
  }
  return given;
}

void StepImporter::check_shapes(const ImportedStep& step, std::uint64_t yield_number,
                                const ScriptIterator& source) const {
  for (std::size_t i = 0; i < m_inputs.size(); ++i) {
    const auto other = m_inputs[i].same_shape_as;
    if (!other || !step.arrays[i].owner || !step.arrays[*other].owner) continue;
    const ArrayView& mine = step.arrays[i].view;
    const ArrayView& theirs = step.arrays[*other].view;
    if (std::ranges::equal(mine.shape, theirs.shape)) continue;
    const std::string& name = m_inputs[i].name;
    const std::string& other_name = m_inputs[*other].name;
    refuse_yield(yield_number, source,
                 {.headline = "kernel '" + m_kernel_name + "' needs input '" + name + "' in the shape of input '" +
                              other_name + "'",
                  .expected = name + " of shape " + tuple_text(theirs.shape) + ", as " + other_name,
                  .got = name + " of shape " + tuple_text(mine.shape) + ", " + other_name + " of shape " +
                         tuple_text(theirs.shape),
                  .fix = "give " + name + " one value per value of " + other_name + " (the same shape)"});
  }
}

void StepImporter::refuse_bare(py::handle item, std::uint64_t yield_number, const ScriptIterator& source) const {
  refuse_yield(yield_number, source,
               {.headline = "kernel '" + m_kernel_name + "' takes named inputs " + names_text(m_inputs) +
                            ": yield a dict " + dict_example(m_inputs),
                .expected = expected_dict(m_inputs),
                .got = Interpreter::host().type_in_words(item),
                .fix = "yield " + dict_example(m_inputs) + " instead of a lone array"});
}

void StepImporter::make_guardable(ImportedStep& step, std::uint64_t yield_number, const ScriptIterator& source) {
  for (std::size_t i = 0; i < step.arrays.size(); ++i)
    if (step.arrays[i].owner)
      step.arrays[i] = m_importers[i].guardable(std::move(step.arrays[i]), yield_number, source);
}

CopyCount StepImporter::copies() const {
  CopyCount total;
  for (const ArrayImporter& importer : m_importers) {
    total.copies += importer.copies().copies;
    total.bytes += importer.copies().bytes;
  }
  return total;
}

}  // namespace arrayfeed

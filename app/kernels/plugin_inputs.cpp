#include "kernels/plugin_inputs.hpp"

#include <algorithm>
#include <cstring>
#include <set>
#include <string>

#include "core/errors.hpp"
#include "core/utf8.hpp"
#include "kernels/plugin_dtypes.hpp"

namespace arrayfeed {
namespace {

std::string text_of(const char* text) { return text ? text : ""; }

std::string label(const std::vector<afeed_input>& inputs, std::size_t i) {
  return "inputs[" + std::to_string(i) + "] '" + text_of(inputs[i].name) + "': ";
}

/// The accepted dtype codes: empty for "any".
std::vector<std::int32_t> codes(const afeed_input& input) {
  if (input.n_dtypes == 0 || !input.dtypes) return {};
  return {input.dtypes, input.dtypes + input.n_dtypes};
}

std::vector<DType> translate_dtypes(const afeed_input& input) {
  if (input.n_dtypes > 0 && !input.dtypes) throw BackendError("n_dtypes is set but dtypes is NULL");
  std::vector<DType> out;
  for (const std::int32_t code : codes(input)) {
    const auto dtype = dtype_of_plugin_code(code);
    if (!dtype) throw BackendError("unknown dtype code " + std::to_string(code) + " in dtypes");
    out.push_back(*dtype);
  }
  return out;
}

InputContract translate_contract(const afeed_input& input) {
  InputContract contract{.dtypes = translate_dtypes(input)};
  if (input.min_ndim < 0 || input.min_ndim > input.max_ndim || input.max_ndim > 32)
    throw BackendError("ndim range " + std::to_string(input.min_ndim) + ".." + std::to_string(input.max_ndim) +
                       " (want 0 <= min_ndim <= max_ndim <= 32)");
  if (input.last_dim < 0) throw BackendError("negative last_dim");
  if ((input.min_alignment & (input.min_alignment - 1)) != 0)
    throw BackendError("min_alignment " + std::to_string(input.min_alignment) + " is not a power of two");
  if (!is_utf8(text_of(input.note))) throw BackendError("the note is not UTF-8 text");
  contract.min_ndim = input.min_ndim;
  contract.max_ndim = input.max_ndim;
  contract.last_dim = input.last_dim;
  contract.strided_ok = (input.flags & AFEED_INPUT_STRIDED) != 0;
  contract.min_alignment = input.min_alignment;
  contract.note = text_of(input.note);
  return contract;
}

KernelInput translate_input(const std::vector<afeed_input>& inputs, std::size_t i) {
  const afeed_input& input = inputs[i];
  if (input.struct_size < sizeof(afeed_input))
    throw BackendError("struct_size " + std::to_string(input.struct_size) + " is smaller than ABI 2.0's " +
                       std::to_string(sizeof(afeed_input)));
  if (!input.name || !*input.name) throw BackendError("no name");
  if (!is_utf8(input.name)) throw BackendError("the name is not UTF-8 text");
  KernelInput out{.name = input.name, .contract = translate_contract(input),
                  .optional = (input.flags & AFEED_INPUT_OPTIONAL) != 0};
  if (i == 0 && out.optional)
    throw BackendError("the first input cannot be OPTIONAL: every step gives it (a lone array yielded is the first "
                       "input)");
  for (std::size_t j = 0; j < i; ++j)
    if (out.name == inputs[j].name) throw BackendError("the name is also inputs[" + std::to_string(j) + "]'s");
  if (input.same_shape_as) {
    const auto earlier = std::find_if(inputs.begin(), inputs.begin() + static_cast<std::ptrdiff_t>(i),
                                      [&](const afeed_input& e) { return text_of(e.name) == input.same_shape_as; });
    if (earlier == inputs.begin() + static_cast<std::ptrdiff_t>(i))
      throw BackendError(std::string("same_shape_as '") + input.same_shape_as + "' names no earlier input");
    out.same_shape_as = static_cast<std::size_t>(earlier - inputs.begin());
  }
  return out;
}

/// The first way `after` widens `before`, or "" when it only narrows.
std::string widening(const afeed_input& before, const afeed_input& after) {
  if (text_of(before.name) != text_of(after.name)) return "name (it may not change)";
  if (text_of(before.same_shape_as) != text_of(after.same_shape_as)) return "same_shape_as (it may not change)";
  if ((before.flags ^ after.flags) & AFEED_INPUT_OPTIONAL) return "flags: OPTIONAL (it may not change)";
  if ((after.flags & AFEED_INPUT_STRIDED) && !(before.flags & AFEED_INPUT_STRIDED)) return "flags: STRIDED set";
  const auto was = codes(before), now = codes(after);
  if (!was.empty() && (now.empty() || std::any_of(now.begin(), now.end(), [&](std::int32_t c) {
                         return std::find(was.begin(), was.end(), c) == was.end();
                       })))
    return "dtypes (a type the declaration does not accept)";
  if (after.min_ndim < before.min_ndim || after.max_ndim > before.max_ndim) return "min_ndim/max_ndim (a wider range)";
  if (before.last_dim != 0 && after.last_dim != before.last_dim) return "last_dim (fixed in the declaration)";
  if (after.min_alignment < before.min_alignment) return "min_alignment (lowered)";
  return {};
}

/// Runs `step` and prefixes what it throws with the input's label.
template <class Step>
auto about_input(const std::vector<afeed_input>& inputs, std::size_t i, bool name_fields, Step step) {
  try {
    return step();
  } catch (const BackendError& e) {
    throw BackendError((name_fields ? label(inputs, i) : std::string()) + e.what());
  }
}

}  // namespace

KernelInputs translate_inputs(const std::vector<afeed_input>& declared, bool name_fields) {
  if (declared.empty() || declared.size() > AFEED_MAX_INPUTS)
    throw BackendError("n_inputs " + std::to_string(declared.size()) + " (want 1 to " +
                       std::to_string(AFEED_MAX_INPUTS) + ")");
  KernelInputs out;
  for (std::size_t i = 0; i < declared.size(); ++i)
    out.push_back(about_input(declared, i, name_fields, [&] { return translate_input(declared, i); }));
  return out;
}

void check_narrowing(const std::vector<afeed_input>& declared, const std::vector<afeed_input>& narrowed) {
  for (std::size_t i = 0; i < declared.size(); ++i)
    if (const std::string field = widening(declared[i], narrowed[i]); !field.empty())
      throw BackendError("init widened " + label(declared, i) + field +
                         "; init may only narrow the declared contract: declare the wider contract in the kernel");
}

}  // namespace arrayfeed

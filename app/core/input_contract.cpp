#include "core/input_contract.hpp"

#include <algorithm>
#include <cstdint>
#include <span>

namespace arrayfeed {
namespace {

/// The types a contract accepts: its list, or every type a kernel can be handed.
std::span<const DType> accepted(const InputContract& contract) {
  if (contract.dtypes.empty()) return dtypes::kernel_readable;
  return contract.dtypes;
}

bool accepts(const InputContract& contract, const DType& t) {
  const auto types = accepted(contract);
  return std::find(types.begin(), types.end(), t) != types.end();
}

/// The narrowest type of `kind` at least `itemsize` wide, or nullptr.
const DType* narrowest_holding(std::span<const DType> types, char kind, int itemsize) {
  const DType* best = nullptr;
  for (const DType& t : types)
    if (t.kind == kind && t.itemsize >= itemsize && (!best || t.itemsize < best->itemsize)) best = &t;
  return best;
}

/// The widest type of `kind` (0: of any kind), or nullptr.
const DType* widest(std::span<const DType> types, char kind) {
  const DType* best = nullptr;
  for (const DType& t : types)
    if ((kind == 0 || t.kind == kind) && (!best || t.itemsize > best->itemsize)) best = &t;
  return best;
}

std::string ndim_text(const InputContract& c) {
  if (c.min_ndim == 0 && c.max_ndim >= 32) return "any shape";
  if (c.min_ndim == c.max_ndim) return std::to_string(c.min_ndim) + "-d";
  return std::to_string(c.min_ndim) + "-d to " + std::to_string(c.max_ndim) + "-d";
}

/// x as `target` when the types differ: ".astype(...)" after `expression`.
std::string as_type(const std::string& expression, const DType& result, const DType& target) {
  return result == target ? expression : expression + ".astype(np." + target.name() + ")";
}

/// The fix when no cast keeps what the values mean (NumPy's same_kind rule
/// forbids it): say which operation does, for the kinds where one is usual.
std::string fix_across_kinds(const InputContract& contract, const DType& got, const DType& target) {
  if (got.kind == 'c') {
    const DType real{.kind = 'f', .itemsize = got.itemsize / 2};
    const DType real_target = conversion_target(contract, real);
    return as_type("np.abs(x)", real, real_target) + " for the magnitudes, or " +
           as_type("x.real", real, real_target) + " for the real parts, whichever the kernel should see";
  }
  const std::string type = "np." + target.name();
  if (target.kind == 'b') return "yield booleans that say what true means, e.g. x != 0";
  if (got.kind == 'f')
    return "np.rint(x).astype(" + type + ") if the values are whole numbers" +
           (target.kind == 'u' ? " and none is negative" : "") + " (a cast alone truncates)";
  return "x.astype(" + type + ") only if no value is negative (negatives would wrap around)";  // int to uint
}

/// The fix for an array of the right type in the wrong place or layout.
std::string same_type_fix(const InputContract& contract, bool layout_ok) {
  // NumPy aligns what it allocates to 16 bytes; beyond that the script has to place the data itself.
  if (contract.min_alignment > 16)
    return "place the data at a multiple of " + std::to_string(contract.min_alignment) +
           " bytes, e.g. take an aligned slice of a larger np.empty buffer, or run with --convert";
  return layout_ok ? "x.copy()  (a copy is aligned)" : "np.ascontiguousarray(x)";
}

}  // namespace

std::string InputContract::describe() const {
  std::string types;
  for (std::size_t i = 0; i < dtypes.size(); ++i)
    types += (i == 0 ? "" : i + 1 == dtypes.size() ? " or " : ", ") + dtypes[i].name();
  if (types.empty()) types = "bool, int8-64, uint8-64, float32/64 or complex64/128 (native byte order)";
  std::string text = types + ", " + ndim_text(*this);
  if (last_dim > 0) text += ", last dimension " + std::to_string(last_dim);
  text += strided_ok ? ", any strides" : ", C-contiguous";
  if (min_alignment > 0) text += ", aligned to " + std::to_string(min_alignment) + " bytes";
  return note.empty() ? text : text + " (" + note + ")";
}

bool InputContract::alignment_met(const ArrayView& array) const {
  return min_alignment == 0 || reinterpret_cast<std::uintptr_t>(array.data) % min_alignment == 0;
}

DType conversion_target(const InputContract& contract, const DType& got) {
  DType native = got;
  native.native_order = true;
  if (accepts(contract, native)) return native;
  const auto types = accepted(contract);
  if (const DType* holding = narrowest_holding(types, got.kind, got.itemsize)) return *holding;
  if (const DType* same_kind = widest(types, got.kind)) return *same_kind;
  return *widest(types, 0);
}

std::optional<Mismatch> check_input(const InputContract& contract, const ArrayView& array) {
  const int ndim = static_cast<int>(array.shape.size());
  if (ndim < contract.min_ndim || ndim > contract.max_ndim) {
    // With a required last dimension, flattening to 1-d would only trade one refusal for another.
    const std::string d = std::to_string(contract.last_dim);
    const bool rows = contract.last_dim > 0 && contract.max_ndim >= 2;
    return Mismatch{contract.describe(),
                    rows ? "reshape it, e.g. x.reshape(-1, " + d + ") for rows of " + d
                         : "reshape it, e.g. x.reshape(-1) for 1-d",
                    false};
  }
  if (contract.last_dim > 0 && (ndim == 0 || array.shape.back() != contract.last_dim))
    return Mismatch{contract.describe(),
                    "yield arrays with x.shape[-1] == " + std::to_string(contract.last_dim), false};

  const bool type_ok = accepts(contract, array.dtype);
  const bool layout_ok = contract.strided_ok || array.c_contiguous();
  const bool aligned = (contract.strided_ok || array.aligned()) && contract.alignment_met(array);
  if (type_ok && layout_ok && aligned) return std::nullopt;
  if (type_ok) return Mismatch{contract.describe(), same_type_fix(contract, layout_ok), true};

  // Dates, text, objects, records: what they should become depends on what they hold.
  if (!array.dtype.holds_numbers()) return Mismatch{contract.describe(), "", false, true};
  const DType target = conversion_target(contract, array.dtype);
  if (!array.dtype.casts_within_kind_to(target))
    return Mismatch{contract.describe(), fix_across_kinds(contract, array.dtype, target), false};
  // astype copies, and a copy is aligned.
  const std::string type = "np." + target.name();
  return Mismatch{contract.describe(),
                  layout_ok ? "x.astype(" + type + ")" : "np.ascontiguousarray(x, dtype=" + type + ")", true};
}

}  // namespace arrayfeed

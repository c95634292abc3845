#include "core/input_contract.hpp"

#include <algorithm>

namespace arrayfeed {
namespace {

bool accepts(const InputContract& contract, const DType& t) {
  return contract.dtypes.empty() ||
         std::find(contract.dtypes.begin(), contract.dtypes.end(), t) != contract.dtypes.end();
}

const DType* widest(const std::vector<DType>& types, char kind) {
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

}  // namespace

std::string InputContract::describe() const {
  std::string types;
  for (std::size_t i = 0; i < dtypes.size(); ++i)
    types += (i == 0 ? "" : i + 1 == dtypes.size() ? " or " : ", ") + dtypes[i].name();
  if (types.empty()) types = "any dtype";
  std::string text = types + ", " + ndim_text(*this);
  if (last_dim > 0) text += ", last dimension " + std::to_string(last_dim);
  text += strided_ok ? ", any strides" : ", C-contiguous";
  return note.empty() ? text : text + " (" + note + ")";
}

DType conversion_target(const InputContract& contract, const DType& got) {
  DType native = got;
  native.native_order = true;
  if (accepts(contract, native)) return native;
  if (const DType* same_kind = widest(contract.dtypes, got.kind)) return *same_kind;
  return *widest(contract.dtypes, 0);
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
  if (!type_ok && array.dtype.kind == 'V')
    return Mismatch{contract.describe(), "a structured array holds records; yield one field, e.g. x['name']", false};
  const bool layout_ok = contract.strided_ok || array.c_contiguous();
  const bool aligned = contract.strided_ok || array.aligned();
  if (type_ok && layout_ok && aligned) return std::nullopt;

  const std::string target = "np." + conversion_target(contract, array.dtype).name();
  std::string fix;
  if (!type_ok && !layout_ok) fix = "np.ascontiguousarray(x, dtype=" + target + ")";
  else if (!type_ok) fix = "x.astype(" + target + ")";
  else if (!layout_ok) fix = "np.ascontiguousarray(x)";
  else fix = "x.copy()  (a copy is aligned)";
  return Mismatch{contract.describe(), fix, true};
}

}  // namespace arrayfeed

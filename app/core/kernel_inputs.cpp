#include "core/kernel_inputs.hpp"

namespace arrayfeed {

KernelInputs one_input(InputContract contract) {
  KernelInputs inputs(1);
  inputs[0].name = default_input_name;
  inputs[0].contract = std::move(contract);
  return inputs;
}

std::string describe(const KernelInputs& inputs) {
  if (inputs.size() == 1 && !inputs[0].optional) return inputs[0].contract.describe();
  std::string text;
  for (const KernelInput& input : inputs) {
    std::string how;
    if (input.optional) how = "optional";
    if (input.same_shape_as) how += (how.empty() ? "" : ", ") + ("shape of " + inputs[*input.same_shape_as].name);
    text += (text.empty() ? "" : "\n") + input.name + (how.empty() ? "" : " (" + how + ")") + ": " +
            input.contract.describe();
  }
  return text;
}

}  // namespace arrayfeed

#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "core/input_contract.hpp"

namespace arrayfeed {

/// One input a kernel declares: the name a script's dict yields it under,
/// what the kernel reads in place, and how it relates to the others.
struct KernelInput {
  std::string name;
  InputContract contract;
  bool optional = false;  ///< a step may leave it out
  /// An earlier input, by position, whose shape this one's must equal (a
  /// histogram's weights and its values).
  std::optional<std::size_t> same_shape_as{};
};

/// A kernel's inputs in declaration order: process receives them by position.
using KernelInputs = std::vector<KernelInput>;

/// The most inputs a kernel may declare: StepInputs marks the absent ones in 64 bits.
inline constexpr std::size_t max_kernel_inputs = 64;

/// The name of a kernel's input when it reads one array and names none.
inline constexpr const char* default_input_name = "x";

/// The inputs of a kernel that reads one array.
KernelInputs one_input(InputContract contract);

/// One line per input, e.g. "x: float64, 1-d, C-contiguous" and
/// "weights (optional, shape of x): float64, 1-d, C-contiguous"; a lone
/// input is described without its name.
std::string describe(const KernelInputs& inputs);

}  // namespace arrayfeed

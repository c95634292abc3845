#include "python/imported_step.hpp"

namespace arrayfeed {

void HeldStep::take(ImportedStep&& step, StepInputs& inputs) {
  clear();
  first = std::move(step.arrays[0].owner);
  for (std::size_t i = 1; i < step.arrays.size(); ++i) {
    rest.push_back(step.arrays[i].view);
    if (step.arrays[i].owner) rest_owners.push_back(std::move(step.arrays[i].owner));
  }
  inputs.first = step.arrays[0].view;
  inputs.rest = rest;
  inputs.absent = step.absent;
}

}  // namespace arrayfeed

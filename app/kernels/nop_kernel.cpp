#include "kernels/nop_kernel.hpp"

namespace arrayfeed {

const KernelInputs& NopKernel::inputs() const {
  static const KernelInputs anything = one_input({
      .dtypes = {},  // any readable type
      .min_ndim = 0,
      .max_ndim = 32,
      .strided_ok = true,
  });
  return anything;
}

}  // namespace arrayfeed

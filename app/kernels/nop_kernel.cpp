#include "kernels/nop_kernel.hpp"

namespace arrayfeed {

const InputContract& NopKernel::contract() const {
  static const InputContract anything{
      .dtypes = {},  // any readable type
      .min_ndim = 0,
      .max_ndim = 32,
      .strided_ok = true,
  };
  return anything;
}

}  // namespace arrayfeed

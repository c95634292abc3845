#pragma once

#include <cstddef>
#include <cstdint>

#include "kernels/kernel.hpp"

namespace arrayfeed {

/// y = A x for the loaded data set A (k x d): a (d,) input gives (k,), an
/// (m, d) input (m,) rows of A x. Results in A's dtype; float32 is summed in
/// float64 so long rows keep float32's precision.
class MatvecKernel : public Kernel {
 public:
  MatvecKernel();
  const KernelInputs& inputs() const override { return m_inputs; }
  /// Throws BackendError if A is missing, not 2-d, not float, or not C-contiguous.
  void init(const Params& params, const DataSets& data) override;
  AfterCall process(const StepInputs& step, KernelResult& result) override;
  /// rows and columns of A, and the number of vectors multiplied.
  NamedValues finish() override;

 private:
  KernelInputs m_inputs;
  const void* m_matrix = nullptr;
  std::ptrdiff_t m_rows = 0;
  std::ptrdiff_t m_cols = 0;
  std::int64_t m_vectors = 0;
};

}  // namespace arrayfeed

#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <vector>

#include "kernels/chunk_pool.hpp"
#include "kernels/kernel.hpp"

namespace arrayfeed {

/// Least squares against the loaded data sets X (n x d) and y (n,): for each
/// weight vector w (d,), {loss: mean((Xw - y)^2), grad: 2/n X^T (Xw - y)},
/// both from one pass over X on the cores this process may use: blocks of 64
/// rows summed in X's dtype, then in float64 in a fixed order, so a result
/// does not depend on the number of threads; grad in X's dtype. Of several
/// ranks, each takes its block of rows and the sums are reduced, so every
/// rank returns the loss and gradient of all of X.
class LsqKernel : public Kernel {
 public:
  LsqKernel();
  const KernelInputs& inputs() const override { return m_inputs; }
  bool collective() const override { return true; }
  void join(Communicator& ranks) override { m_ranks = &ranks; }
  /// Throws BackendError if X or y is missing, not float, not C-contiguous,
  /// or if their shapes or dtypes do not match.
  void init(const Params& params, const DataSets& data) override;
  AfterCall process(const StepInputs& step, KernelResult& result) override;
  /// calls, n, d and the last loss (NaN before any call).
  NamedValues finish() override;

 private:
  /// Reads w (d,), writes grad (d,), returns the loss.
  template <typename T>
  double loss_and_grad(const T* w, T* grad);

  KernelInputs m_inputs;
  SoloCommunicator m_alone;
  Communicator* m_ranks = &m_alone;
  const void* m_x = nullptr;
  const void* m_y = nullptr;
  std::ptrdiff_t m_rows = 0;        ///< of all of X: the mean's divisor
  std::ptrdiff_t m_first_row = 0;   ///< this rank's block of rows
  std::ptrdiff_t m_block_rows = 0;
  std::ptrdiff_t m_cols = 0;
  std::ptrdiff_t m_chunk_rows = 0;
  std::ptrdiff_t m_chunks = 0;
  std::unique_ptr<ChunkPool> m_pool;
  // d + 1 sums per chunk, then of the rank (the squares travel with the
  // gradient in one reduction): sized once by init.
  std::vector<double> m_partials;
  std::vector<double> m_grad;
  std::int64_t m_calls = 0;
  double m_last_loss = std::numeric_limits<double>::quiet_NaN();
};

}  // namespace arrayfeed

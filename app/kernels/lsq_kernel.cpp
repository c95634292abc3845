#include "kernels/lsq_kernel.hpp"

#include <algorithm>
#include <type_traits>

#include "core/errors.hpp"
#include "kernels/float_data_set.hpp"

namespace arrayfeed {
namespace {

// One pass over the rows: the residual r_i = x_i . w - y_i, then r_i^2 into
// the loss and r_i x_i into the gradient while the row is still in cache.
// Returns the sum of squared residuals; `grad` receives X^T r.
template <typename T>
double accumulate(const T* x, const T* y, std::ptrdiff_t rows, std::ptrdiff_t cols, const double* w,
                  double* grad, double* row_buffer) {
  std::fill(grad, grad + cols, 0.0);
  double squares = 0;
  for (std::ptrdiff_t i = 0; i < rows; ++i) {
    const double* row = nullptr;
    if constexpr (std::is_same_v<T, double>) {
      row = x + i * cols;
    } else {
      // Widened once, read twice (residual and gradient).
      std::copy(x + i * cols, x + (i + 1) * cols, row_buffer);
      row = row_buffer;
    }
    double r = 0;
    for (std::ptrdiff_t j = 0; j < cols; ++j) r += row[j] * w[j];
    r -= static_cast<double>(y[i]);
    squares += r * r;
    for (std::ptrdiff_t j = 0; j < cols; ++j) grad[j] += r * row[j];
  }
  return squares;
}

}  // namespace

LsqKernel::LsqKernel()
    : m_inputs(one_input({.dtypes = {dtypes::float32, dtypes::float64},
                            .min_ndim = 1,
                            .max_ndim = 1,
                            .strided_ok = false,
                            .last_dim = 0,  // until init knows X's columns
                            .note = "dtype = that of data set X, length = its columns"})) {}

void LsqKernel::init(const Params&, const DataSets& data) {
  const DataSet& x = require_float_data_set(data, "X", 2, "lsq");
  const DataSet& y = require_float_data_set(data, "y", 1, "lsq");
  const std::string shapes = "X has shape " + tuple_text(x.shape) + " and y " + tuple_text(y.shape);
  if (y.shape[0] != x.shape[0])
    throw BackendError(shapes + ": y needs one value per row of X (y.shape == (X.shape[0],))");
  // No rows: no mean. No columns: a last dimension of 0 would read as "any" in the contract.
  if (x.shape[0] == 0 || x.shape[1] == 0)
    throw BackendError(shapes + ": X needs at least one row and one column");
  if (!(x.dtype == y.dtype))
    throw BackendError("X is " + x.dtype.name() + " and y " + y.dtype.name() +
                       ": save both with the same dtype, e.g. np.save(path, y.astype(X.dtype))");
  m_x = x.data;
  m_y = y.data;
  m_rows = x.shape[0];
  m_cols = x.shape[1];
  // The balanced blocks of ctx.shard: lengths differ by at most one row.
  const std::ptrdiff_t size = m_ranks->size(), rank = m_ranks->rank();
  m_first_row = rank * (m_rows / size) + std::min(rank, m_rows % size);
  m_block_rows = m_rows / size + (rank < m_rows % size ? 1 : 0);
  m_w.assign(m_cols, 0.0);
  m_grad.assign(m_cols + 1, 0.0);
  m_row.assign(m_cols, 0.0);
  m_inputs[0].contract.dtypes = {x.dtype};
  m_inputs[0].contract.last_dim = m_cols;
}

template <typename T>
double LsqKernel::loss_and_grad(const T* w, T* grad) {
  std::copy(w, w + m_cols, m_w.begin());
  const T* x = static_cast<const T*>(m_x) + m_first_row * m_cols;
  const T* y = static_cast<const T*>(m_y) + m_first_row;
  m_grad[m_cols] = accumulate(x, y, m_block_rows, m_cols, m_w.data(), m_grad.data(), m_row.data());
  m_ranks->allreduce(m_grad.data(), m_grad.size(), dtypes::float64, ReduceOp::sum);
  const double scale = 2.0 / static_cast<double>(m_rows);
  for (std::ptrdiff_t j = 0; j < m_cols; ++j) grad[j] = static_cast<T>(scale * m_grad[j]);
  return m_grad[m_cols] / static_cast<double>(m_rows);
}

// The host has checked w against the narrowed contract: X's dtype, shape (d,), C-contiguous.
AfterCall LsqKernel::process(const StepInputs& step, KernelResult& result) {
  const ArrayView& input = step.first;
  ResultArray grad = ResultArray::allocate(input.dtype, {m_cols});
  m_last_loss = input.dtype == dtypes::float32
                    ? loss_and_grad(static_cast<const float*>(input.data), grad.as<float>())
                    : loss_and_grad(static_cast<const double*>(input.data), grad.as<double>());
  ++m_calls;
  result = NamedValues{{"loss", m_last_loss}, {"grad", std::move(grad)}};
  return AfterCall::go_on;
}

NamedValues LsqKernel::finish() {
  return {{"calls", m_calls},
          {"n", static_cast<std::int64_t>(m_rows)},
          {"d", static_cast<std::int64_t>(m_cols)},
          {"last_loss", m_last_loss}};
}

}  // namespace arrayfeed

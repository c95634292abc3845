#include "kernels/lsq_kernel.hpp"

#include <algorithm>
#include <memory>
#include <spdlog/spdlog.h>

#include "core/launcher.hpp"

#include "core/errors.hpp"
#include "kernels/float_data_set.hpp"

namespace arrayfeed {
namespace {

// Rows summed in X's dtype before they join the float64 totals: few enough
// that float32's rounding stays near 1e-7 of the sum, enough that the sums
// stay in registers and the row loops vectorise.
constexpr std::ptrdiff_t block_rows = 64;
// A chunk, the pool's unit of work, is about 256 Ki values of X (1 MB of
// float32): tens of chunks per call on the default job's data.
constexpr std::ptrdiff_t chunk_values = std::ptrdiff_t{1} << 18;

// Up to four rows at once, their four dot products in one vectorised loop:
// the residuals r_k = x_k . w - y_k, then r_k^2 into `squares` and r_k x_k
// into `block` while the rows are still in cache. Past `count`, a row of
// zeros stands in with a residual of 0 (adding nothing, even beside an
// infinity), so a chunk's tail takes the same path.
template <typename T>
void add_rows(const T* x, const T* y, std::ptrdiff_t count, std::ptrdiff_t cols, const T* w, const T* zeros,
              T* block, T& squares) {
  const T* r0 = x;
  const T* r1 = count > 1 ? x + cols : zeros;
  const T* r2 = count > 2 ? x + 2 * cols : zeros;
  const T* r3 = count > 3 ? x + 3 * cols : zeros;
  T s0 = 0, s1 = 0, s2 = 0, s3 = 0;
#pragma omp simd reduction(+ : s0, s1, s2, s3)
  for (std::ptrdiff_t j = 0; j < cols; ++j) {
    s0 += r0[j] * w[j];
    s1 += r1[j] * w[j];
    s2 += r2[j] * w[j];
    s3 += r3[j] * w[j];
  }
  s0 -= y[0];
  s1 = count > 1 ? s1 - y[1] : T{0};
  s2 = count > 2 ? s2 - y[2] : T{0};
  s3 = count > 3 ? s3 - y[3] : T{0};
  squares += s0 * s0 + s1 * s1 + s2 * s2 + s3 * s3;
#pragma omp simd
  for (std::ptrdiff_t j = 0; j < cols; ++j) block[j] += s0 * r0[j] + s1 * r1[j] + s2 * r2[j] + s3 * r3[j];
}

// One pass over a chunk's rows: out[0..cols) receives X^T r, out[cols] the
// sum of squared residuals.
template <typename T>
void accumulate(const T* x, const T* y, std::ptrdiff_t rows, std::ptrdiff_t cols, const T* w, double* out) {
  std::vector<T> block(cols);
  const std::vector<T> zeros(cols);
  std::fill(out, out + cols + 1, 0.0);
  for (std::ptrdiff_t start = 0; start < rows; start += block_rows) {
    std::fill(block.begin(), block.end(), T{0});
    T squares = 0;
    for (std::ptrdiff_t i = start; i < std::min(rows, start + block_rows); i += 4)
      add_rows(x + i * cols, y + i, std::min<std::ptrdiff_t>(4, rows - i), cols, w, zeros.data(), block.data(),
               squares);
    for (std::ptrdiff_t j = 0; j < cols; ++j) out[j] += block[j];
    out[cols] += squares;
  }
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
  m_chunk_rows = std::max<std::ptrdiff_t>(block_rows, chunk_values / m_cols);
  m_chunks = std::max<std::ptrdiff_t>(1, (m_block_rows + m_chunk_rows - 1) / m_chunk_rows);
  const unsigned cores = cores_for_one_call(launch_from_environment().local_size);
  m_pool = std::make_unique<ChunkPool>(static_cast<unsigned>(std::min<std::ptrdiff_t>(cores, m_chunks)));
  spdlog::debug("lsq: {} rows of this rank in {} chunks of up to {} rows, on {} thread(s)", m_block_rows, m_chunks,
                m_chunk_rows, m_pool->threads());
  m_partials.assign(m_chunks * (m_cols + 1), 0.0);
  m_grad.assign(m_cols + 1, 0.0);
  m_inputs[0].contract.dtypes = {x.dtype};
  m_inputs[0].contract.last_dim = m_cols;
}

template <typename T>
double LsqKernel::loss_and_grad(const T* w, T* grad) {
  const T* x = static_cast<const T*>(m_x) + m_first_row * m_cols;
  const T* y = static_cast<const T*>(m_y) + m_first_row;
  const std::ptrdiff_t width = m_cols + 1;
  m_pool->for_each(static_cast<std::size_t>(m_chunks), [&](std::size_t chunk) {
    const std::ptrdiff_t first = static_cast<std::ptrdiff_t>(chunk) * m_chunk_rows;
    const std::ptrdiff_t rows = std::min(m_chunk_rows, m_block_rows - first);
    accumulate(x + first * m_cols, y + first, rows, m_cols, w, m_partials.data() + chunk * width);
  });
  // In chunk order, whichever thread summed which chunk.
  std::fill(m_grad.begin(), m_grad.end(), 0.0);
  for (std::ptrdiff_t chunk = 0; chunk < m_chunks; ++chunk)
    for (std::ptrdiff_t j = 0; j < width; ++j) m_grad[j] += m_partials[chunk * width + j];
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

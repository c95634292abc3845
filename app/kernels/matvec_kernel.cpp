#include "kernels/matvec_kernel.hpp"

#include "core/errors.hpp"
#include "kernels/float_data_set.hpp"

namespace arrayfeed {
namespace {

// y[r] = sum_j a[r, j] x[j], summed in float64 whatever T is.
template <typename T>
void multiply(const T* a, std::ptrdiff_t rows, std::ptrdiff_t cols, const T* x, T* y) {
  for (std::ptrdiff_t r = 0; r < rows; ++r) {
    const T* row = a + r * cols;
    double sum = 0;
    for (std::ptrdiff_t j = 0; j < cols; ++j) sum += static_cast<double>(row[j]) * static_cast<double>(x[j]);
    y[r] = static_cast<T>(sum);
  }
}

template <typename T>
void multiply_each(const T* a, std::ptrdiff_t rows, std::ptrdiff_t cols, const void* xs, std::ptrdiff_t count,
                   ResultArray& out) {
  for (std::ptrdiff_t i = 0; i < count; ++i)
    multiply(a, rows, cols, static_cast<const T*>(xs) + i * cols, out.as<T>() + i * rows);
}

}  // namespace

MatvecKernel::MatvecKernel()
    : m_inputs(one_input({.dtypes = {dtypes::float32, dtypes::float64},
                            .min_ndim = 1,
                            .max_ndim = 2,
                            .strided_ok = false,
                            .last_dim = 0,  // until init knows A's columns
                            .note = "dtype and last dimension = those of data set A"})) {}

void MatvecKernel::init(const Params&, const DataSets& data) {
  const DataSet& a = require_float_data_set(data, "A", 2, "matvec");
  // A last dimension of 0 would read as "any" in the contract.
  if (a.shape[1] == 0)
    throw BackendError("data set 'A' ('" + a.path.string() + "') has shape " + tuple_text(a.shape) +
                       ": it needs at least one column");
  m_matrix = a.data;
  m_rows = a.shape[0];
  m_cols = a.shape[1];
  m_inputs[0].contract.dtypes = {a.dtype};
  m_inputs[0].contract.last_dim = m_cols;
}

// The host has checked the input against the narrowed contract: A's dtype,
// 1-d or 2-d, last dimension d, C-contiguous.
AfterCall MatvecKernel::process(const StepInputs& step, KernelResult& result) {
  const ArrayView& input = step.first;
  const bool single = input.shape.size() == 1;
  const std::ptrdiff_t count = single ? 1 : input.shape[0];
  ResultArray out = ResultArray::allocate(input.dtype, single ? std::vector{m_rows} : std::vector{count, m_rows});
  if (input.dtype == dtypes::float32)
    multiply_each(static_cast<const float*>(m_matrix), m_rows, m_cols, input.data, count, out);
  else
    multiply_each(static_cast<const double*>(m_matrix), m_rows, m_cols, input.data, count, out);
  m_vectors += count;
  result = Value{std::move(out)};
  return AfterCall::go_on;
}

NamedValues MatvecKernel::finish() {
  return {{"rows", static_cast<std::int64_t>(m_rows)}, {"columns", static_cast<std::int64_t>(m_cols)}, {"vectors", m_vectors}};
}

}  // namespace arrayfeed

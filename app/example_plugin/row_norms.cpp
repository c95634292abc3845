// row_norms: an example arrayfeed plugin in C++17 with arrayfeed/arrayfeed.hpp.
//
// For each yielded matrix x (float32 or float64, rows x width) it returns the
// p-norm of every row as float64, like np.linalg.norm(x, ord=p, axis=1), and
// reports the rows it saw at the end.
//
// Parameters: p (a number >= 1, default 2), width (a whole number; when set,
// init narrows the input's contract to that many columns, so a wrong matrix
// is refused before process, naming the fix).
//
// Build: c++ -std=c++17 -shared -fPIC -O2 $(pkg-config --cflags arrayfeed) row_norms.cpp -o librow_norms.so
// Run:   arrayfeed run row_norms_gen.py --plugin ./librow_norms.so --set p=3
//
// How the wrapper maps the ABI: the constructor is init, process and finish
// are methods, the destructor frees; an exception becomes a status and its
// what() the message, so none crosses into arrayfeed.
#include <arrayfeed/arrayfeed.hpp>

#include <atomic>
#include <cmath>
#include <stdexcept>
#include <string>

namespace {

/// The kernel's state: the norm's order and a count of rows.
class RowNorms {
 public:
  explicit RowNorms(afeed::init_args& args) : m_p(args.get("p", 2.0)) {
    if (!(m_p >= 1.0 && std::isfinite(m_p)))
      throw std::invalid_argument("param p=" + args.get<std::string>("p") +
                                  " must be a finite number >= 1; use e.g. --set p=2");
    if (args.text("width")) {
      const int64_t width = args.get<int64_t>("width");
      if (width < 1) throw std::invalid_argument("param width must be at least 1; use e.g. --set width=16");
      args.input("x").last_dim = width;  // narrowed: a matrix of another width is refused before process
      args.logger().info("accepting matrices of " + std::to_string(width) + " columns only");
    }
  }

  void process(const afeed::inputs& in, afeed::output& out) {
    const afeed::array_view x = in[0];
    const int64_t rows = x.extent(0);
    double* norms = out.new_array<double>({rows});
    if (x.dtype() == AFEED_FLOAT32)
      norms_of(x.data<float>(), rows, x.extent(1), norms);
    else
      norms_of(x.data<double>(), rows, x.extent(1), norms);
    m_rows.fetch_add(rows, std::memory_order_relaxed);
  }

  void finish(afeed::output& summary) { summary.set_int("rows", m_rows.load()); }

 private:
  template <class T> void norms_of(const T* x, int64_t rows, int64_t width, double* norms) const {
    for (int64_t r = 0; r < rows; ++r) {
      double sum = 0;
      for (int64_t c = 0; c < width; ++c) sum += std::pow(std::abs(static_cast<double>(x[r * width + c])), m_p);
      norms[r] = std::pow(sum, 1.0 / m_p);
    }
  }

  double m_p;
  std::atomic<int64_t> m_rows{0};  // process may run on several threads (AFEED_KERNEL_THREAD_SAFE)
};

constexpr int32_t floats[] = {AFEED_FLOAT32, AFEED_FLOAT64};
constexpr afeed_input inputs[] = {afeed::input("x").dtypes(floats).ndim(2, 2)};
constexpr afeed_param_info params[] = {
    afeed::param("p", AFEED_PARAM_FLOAT, "2", "the norm's order, >= 1"),
    afeed::param("width", AFEED_PARAM_INT, nullptr, "if set, the only number of columns accepted"),
};
constexpr afeed_kernel kernels[] = {afeed::kernel<RowNorms>(
    "row_norms", "the p-norm of each row of a matrix, like np.linalg.norm(x, ord=p, axis=1)", inputs, params,
    AFEED_KERNEL_THREAD_SAFE)};

}  // namespace

const afeed_entry arrayfeed_entry = afeed::entry(kernels);

#include "kernels/float_data_set.hpp"

#include "core/errors.hpp"

namespace arrayfeed {

const DataSet& require_float_data_set(const DataSets& data, const std::string& name, int ndim,
                                      const std::string& kernel) {
  const DataSet& set = data.require(name);
  const ArrayView view = set.view();
  const std::string what = "data set '" + name + "' ('" + set.path.string() + "') is " + view.describe();
  if (static_cast<int>(set.shape.size()) != ndim)
    throw BackendError(what + "; kernel '" + kernel + "' needs it " + std::to_string(ndim) + "-d" +
                       (ndim == 1 ? ": save it with np.save(path, " + name + ".reshape(-1))"
                                  : " (rows, columns): save it as such with np.save"));
  const bool readable = (view.dtype == dtypes::float32 || view.dtype == dtypes::float64) &&
                        view.c_contiguous() && view.aligned();
  if (!readable) {
    // Keep the precision the file has, if it is a float32 one; else float64.
    const std::string target = set.dtype.kind == 'f' && set.dtype.itemsize == 4 ? "np.float32" : "np.float64";
    throw BackendError(what + "; kernel '" + kernel +
                       "' reads it in place, so it must be float32 or float64 in native byte order and "
                       "C-contiguous: save it with np.save(path, np.ascontiguousarray(" + name +
                       ", dtype=" + target + "))");
  }
  return set;
}

}  // namespace arrayfeed

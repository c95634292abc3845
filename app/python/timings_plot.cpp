#include "python/timings_plot.hpp"

#include "core/errors.hpp"
#include "python/host_calls.hpp"
#include "python/interpreter.hpp"
#include "python/python_error.hpp"

namespace arrayfeed {

std::string plot_timings(const std::filesystem::path& timings, const std::optional<std::filesystem::path>& out) {
  const std::filesystem::path png = out ? *out : std::filesystem::path(timings).replace_extension(".png");
  try {
    const PlotAnswer answer = Interpreter::host().plot_timings(timings, png);
    if (!answer.problem.empty()) throw UsageError(answer.problem);
    return answer.line;
  } catch (pybind11::error_already_set& error) {
    rethrow_python_error(error, "arrayfeed plot failed:");
  }
}

}  // namespace arrayfeed

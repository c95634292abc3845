#pragma once

#include <ostream>

#include "cli/command_line.hpp"
#include "cli/run_command.hpp"
#include "core/launcher.hpp"
#include "kernels/kernel_registry.hpp"

namespace arrayfeed {

/// `arrayfeed check`: imports the script and finds its entry; runs nothing.
/// Needs a live interpreter, as info_command does.
int check_command(const RunCommandLine& line, const KernelRegistry& registry, std::ostream& out);

/// `arrayfeed kernels`: every kernel with its input contract.
int kernels_command(const KernelRegistry& registry, std::ostream& out);

/// `arrayfeed info`: versions of arrayfeed, Python and NumPy, whether MPI is
/// built in and this process was launched as a rank (MPI is not started),
/// sys.prefix and sys.path.
int info_command(const Launch& launch, std::ostream& out);

/// `arrayfeed plot`: draws a --timings file as a PNG and says so on `out`.
/// Needs a live interpreter.
int plot_command(const PlotCommandLine& line, std::ostream& out);

}  // namespace arrayfeed

#pragma once

#include <ostream>

#include "cli/run_command.hpp"
#include "kernels/kernel_registry.hpp"

namespace arrayfeed {

/// `arrayfeed check`: imports the script and finds its entry; runs nothing.
/// Needs a live interpreter, as info_command does.
int check_command(const RunCommandLine& line, const KernelRegistry& registry, std::ostream& out);

/// `arrayfeed kernels`: every kernel with its input contract.
int kernels_command(const KernelRegistry& registry, std::ostream& out);

/// `arrayfeed info`: versions of arrayfeed, Python and NumPy; sys.prefix and sys.path.
int info_command(std::ostream& out);

}  // namespace arrayfeed

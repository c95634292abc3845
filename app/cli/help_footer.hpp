#pragma once

#include <string>

namespace arrayfeed {

/// The end of `arrayfeed [COMMAND] --help` ("" for arrayfeed itself): the
/// command's examples, the exit codes and where to read more, in the width
/// of HelpFormatter.
std::string help_footer(const std::string& command);

}  // namespace arrayfeed

#pragma once

namespace arrayfeed {

/// The whole program: parses the command line, runs the subcommand, and is
/// the one place where errors become a message and an exit code.
int cli_main(int argc, char** argv);

}  // namespace arrayfeed

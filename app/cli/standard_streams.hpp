#pragma once

namespace arrayfeed {

/// Opens /dev/null on each of stdin, stdout and stderr that was closed when
/// the program started (`2>&-`). Otherwise the next file opened would take
/// that number, and the log or summary would be written into the results.
void occupy_closed_standard_streams();

}  // namespace arrayfeed

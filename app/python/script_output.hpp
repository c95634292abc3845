#pragma once

namespace arrayfeed {

/// Flushes what the script printed (needs the GIL), so that it comes before
/// the summary. Never fails: a sys.stdout the script broke loses its text.
void flush_script_output() noexcept;

/// From now on the script's sys.stdout is its sys.stderr: the results
/// stream on the standard output (--output -) stays clean. Needs the GIL.
void send_script_prints_to_stderr();

}  // namespace arrayfeed

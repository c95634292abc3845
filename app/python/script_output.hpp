#pragma once

namespace arrayfeed {

/// Flushes what the script printed and has not reached the log yet (needs
/// the GIL). Never fails: a sys.stdout the script broke loses its text.
void flush_script_output() noexcept;

}  // namespace arrayfeed

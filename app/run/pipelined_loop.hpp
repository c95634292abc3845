#pragma once

#include "core/end_reason.hpp"
#include "run/run_loop.hpp"

namespace arrayfeed {

/// The loop under --prefetch and --threads. The generator keeps the main
/// thread (where Python delivers signals, so Ctrl-C works as without
/// prefetch) and the kernel moves to worker threads, up to prefetch + threads
/// arrays in flight. Arrays in flight are read-only to the script; results
/// are written in order, each as soon as it and all before it are done, and
/// not sent back (yield returns None). Ends and errors as run_loop; on an
/// early end the results of arrays already in flight are still written,
/// except after a kernel's stop: the arrays after it are dropped.
EndReason run_pipelined(const LoopParts& parts);

}  // namespace arrayfeed

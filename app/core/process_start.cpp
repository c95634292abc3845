#include "core/process_start.hpp"

namespace arrayfeed {
namespace {

// Made before main(), not on first use: the run asks for it only after its set-up.
const ProcessStart g_process_start{RunClock::now(), std::chrono::system_clock::now()};

}  // namespace

const ProcessStart& process_start() { return g_process_start; }

}  // namespace arrayfeed

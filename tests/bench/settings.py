"""How much the benchmark runs: the full run (make bench, a few minutes) and
the smoke run (ctest, seconds), and the plan of arrays for each measurement."""

from dataclasses import dataclass

from generation import Plan


@dataclass(frozen=True)
class Settings:
    sizes: tuple             # every approach at every size
    rounds: int              # every measurement repeated, in interleaved rounds
    windows: int             # timed windows per measurement
    window_ns: float         # about how long a window lasts
    max_per_window: int
    handful_rounds: int      # the file-and-restart workaround: rounds ...
    handful_windows: int     # ... and windows of one array each
    table_mb: int            # the backend's table
    kernel_seconds: float    # the bare kernel, per size and round
    balanced_size: int       # the prefetch case with generation and kernel of one cost
    memory_cases: tuple      # (approach key, size, N): peak RSS with N and 4N arrays


FULL = Settings(sizes=(1, 10**3, 10**4, 10**5, 10**6), rounds=5, windows=5, window_ns=20e6,
                max_per_window=50_000, handful_rounds=2, handful_windows=3, table_mb=200,
                kernel_seconds=0.2, balanced_size=10**6,
                memory_cases=(("arrayfeed_nop", 1, 50_000), ("arrayfeed", 10**6, 50),
                              ("arrayfeed_prefetch", 10**6, 50)))

SMOKE = Settings(sizes=(1, 1000), rounds=1, windows=2, window_ns=1e6, max_per_window=50,
                 handful_rounds=1, handful_windows=1, table_mb=8, kernel_seconds=0.02,
                 balanced_size=1000,
                 memory_cases=(("arrayfeed_nop", 1, 200), ("arrayfeed", 1000, 20),
                               ("arrayfeed_prefetch", 1000, 20)))


KERNEL_GUESS_NS, KERNEL_GUESS_NS_PER_VALUE = 5, 0.12  # the bare kernel's, to size its windows


def _per_window(guess_ns, settings):
    return int(min(settings.max_per_window, max(1, settings.window_ns // guess_ns)))


def plan_for(approach, size, settings):
    """Windows of about settings.window_ns, one window of warm-up, and a tail
    that keeps a prefetching pipeline full until the last window closes."""
    if approach.handful:
        return Plan(size, per_window=1, windows=settings.handful_windows, warmup=1, tail=1)
    per_window = _per_window(approach.guess_ns + approach.guess_ns_per_value * size, settings)
    tail = approach.prefetch + 2 if approach.prefetch else 1
    return Plan(size, per_window, settings.windows, warmup=per_window, tail=tail)


def kernel_calls(size, passes, settings):
    """Calls per window of the bare kernel: windows as long as the approaches'."""
    return _per_window(KERNEL_GUESS_NS + KERNEL_GUESS_NS_PER_VALUE * size * passes, settings)

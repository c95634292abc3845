"""Peak memory against the number of arrays: each case runs arrayfeed with N
and with 4N arrays and compares the peak RSS of the two processes."""

from dataclasses import dataclass

import catalog
from generation import Plan
from runner import measure


@dataclass
class MemoryCase:
    key: str
    size: int
    arrays: int
    peak_kb: int     # with `arrays` arrays
    peak_4x_kb: int  # with 4 times as many

    @property
    def growth_kb(self):
        return self.peak_4x_kb - self.peak_kb


def run_memory(settings, paths, prefetch_available, workdir, metrics):
    cases = []
    for key, size, arrays in settings.memory_cases:
        approach = catalog.BY_KEY[key]
        if approach.prefetch and not prefetch_available:
            continue
        peaks = []
        for count in (arrays, 4 * arrays):
            done = measure(approach, Plan(size, per_window=count, windows=1), paths, workdir)
            peaks.append(done.peak_rss_kb)
            metrics.append(done.metrics)
        cases.append(MemoryCase(key, size, arrays, *peaks))
    return cases

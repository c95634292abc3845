"""The prefetch case: generation and kernel of about the same cost. At the
balanced size the kernel makes enough passes over each array to cost what
generating it costs (both measured in this run); then generation alone, the
kernel alone, and arrayfeed without and with --prefetch 2, in rounds."""

from dataclasses import dataclass

import catalog
from kernel_timer import time_kernel
from results import KERNEL, Results
from runner import measure
from settings import plan_for


@dataclass
class Balanced:
    size: int
    passes: int
    results: Results


def passes_to_balance(results, size):
    return max(1, round(results.best(catalog.BARE.key, size) / results.best(KERNEL, size)))


def run_balanced(settings, paths, main_results, prefetch_available, workdir):
    size = settings.balanced_size
    passes = passes_to_balance(main_results, size)
    results = Results()
    runs = [catalog.ARRAYFEED] + ([catalog.ARRAYFEED_PREFETCH] if prefetch_available else [])
    for _ in range(settings.rounds):
        results.add(KERNEL, size, time_kernel(paths, size, passes, settings))
        results.add(catalog.BARE.key, size,
                    measure(catalog.BARE, plan_for(catalog.BARE, size, settings), paths, workdir).per_array_ns)
        for approach in runs:
            results.add_run(approach.key, size, measure(approach, plan_for(approach, size, settings), paths,
                                                        workdir, passes))
    return Balanced(size, passes, results)

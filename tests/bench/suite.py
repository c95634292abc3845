"""The main measurement: every approach and the bare kernel at every size,
repeated in interleaved rounds, so that every figure and its baselines are
measured in the same run, under the same load."""

import time

import catalog
from kernel_timer import time_kernel
from results import KERNEL, Results
from runner import measure
from settings import plan_for


def approaches(prefetch_available):
    return [a for a in catalog.ALL if prefetch_available or not a.prefetch]


def run_rounds(settings, paths, prefetch_available, workdir, log):
    results = Results()
    for round_index in range(settings.rounds):
        started = time.monotonic()
        for size in settings.sizes:
            results.add(KERNEL, size, time_kernel(paths, size, 1, settings))
            for approach in approaches(prefetch_available):
                if approach.handful and round_index >= settings.handful_rounds:
                    continue
                results.add_run(approach.key, size, measure(approach, plan_for(approach, size, settings),
                                                            paths, workdir))
        log(f"round {round_index + 1}/{settings.rounds}: {time.monotonic() - started:.0f} s")
    return results

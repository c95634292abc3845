"""Baseline: the generation loop with no consumer at all."""

from generation import arrays


def run(plan, paths):
    times = []
    for _ in arrays(plan, times):
        pass
    return times, None

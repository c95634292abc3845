"""Per-array overhead: an approach's time above bare generation plus (if it
runs the kernel) the bare kernel, all best windows of the same run."""

import catalog
from results import KERNEL


def baseline(results, approach, size):
    kernel = results.best(KERNEL, size) if approach.runs_kernel else 0.0
    return results.best(catalog.BARE.key, size) + kernel


def overhead(results, key, size):
    approach = catalog.BY_KEY[key]
    return results.best(key, size) - baseline(results, approach, size)


def ratio(results, key, size):
    """An approach's time over its baseline's: 1.00 is no overhead at all."""
    return results.best(key, size) / baseline(results, catalog.BY_KEY[key], size)

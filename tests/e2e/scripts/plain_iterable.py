"""Entries that are not generators: a list of arrays, and one without ctx."""
import numpy as np


def generate(ctx):
    # A plain iterable: results are not sent back, the run still processes every item.
    return [np.arange(4, dtype=np.float64), np.full((2, 3), 2.5, dtype=np.float32)]


def no_ctx():
    # Takes no argument: called without ctx.
    for n in (1, 2, 3):
        yield np.ones(n)

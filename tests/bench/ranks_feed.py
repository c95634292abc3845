"""The scale-out benchmark's generator-bound job: each rank yields `count`
arrays of `n` values drawn by NumPy's random generator, so making an array
costs far more than the stats kernel's pass over it."""

import numpy as np


def generate(ctx):
    n, count = int(ctx.params["n"]), int(ctx.params["count"])
    rng = np.random.default_rng(ctx.rank)
    for _ in range(count):
        yield rng.standard_normal(n)

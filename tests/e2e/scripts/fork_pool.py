"""Before each of `count` yields (default 8) runs a fork multiprocessing.Pool
of 2 processes and yields 4 values holding the sum of squares its workers
computed, so a test sees that every pool worked (and none hung)."""
import multiprocessing

import numpy as np


def square(v):
    return v * v


def generate(ctx):
    fork = multiprocessing.get_context("fork")
    for k in range(int(ctx.params.get("count", 8))):
        with fork.Pool(2) as pool:
            total = sum(pool.map(square, range(k + 4), chunksize=1))
        yield np.full(4, float(total))

"""Yields arrays of 3 float64 values, each array's values its 1-based number,
forever: a plugin can tell which array it has, whatever the order of calls."""
import numpy as np


def generate(ctx):
    n = 0
    while True:
        n += 1
        yield np.full(3, float(n))

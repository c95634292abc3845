"""ONE float32 array of 10^8 values (400 MB), filled once, yielded `count` times
(default 30): with zero-copy the process never needs a second 400 MB."""
import numpy as np


def generate(ctx):
    x = np.ones(100_000_000, dtype=np.float32)  # touches every page: RSS ~400 MB
    for _ in range(int(ctx.params.get("count", 30))):
        yield x

"""Yields row k = np.linspace(0, 1, width) ** (1 + k / 10), for k = 0, 1, ...
(forever unless `count` is given), to a kernel that returns one array per
input. Touches PATH `received` after each result, so a test can kill the run
once results are flowing. `odd_at`: that row has one value fewer."""

import numpy as np


def row(k, width):
    return np.linspace(0, 1, width) ** (1 + k / 10)


def generate(ctx):
    width = int(ctx.params.get("width", 1000))
    count = int(ctx.params.get("count", -1))
    odd_at = int(ctx.params.get("odd_at", -1))
    received = ctx.params.get("received")
    k = 0
    while k != count:
        x = row(k, width - 1 if k == odd_at else width)
        yield x
        if received:
            with open(received, "w") as f:
                f.write(str(k + 1))
        k += 1

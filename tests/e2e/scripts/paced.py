"""Yields `count` small arrays, `pause` seconds apart; as a list (which has a
len()) with as_list=1, else from a generator."""
import time

import numpy as np


def paced(count, pause):
    for k in range(count):
        time.sleep(pause)
        yield np.full(250_000, float(k), dtype=np.float32)


def generate(ctx):
    count, pause = int(ctx.params.get("count", 8)), float(ctx.params.get("pause", 0.1))
    if ctx.params.get("as_list") == "1":
        return _SlowList(count, pause)
    return paced(count, pause)


class _SlowList(list):
    """A list whose items take `pause` to reach: len() is known up front."""

    def __init__(self, count, pause):
        super().__init__(np.full(250_000, float(k), dtype=np.float32) for k in range(count))
        self.pause = pause

    def __iter__(self):
        for item in super().__iter__():
            time.sleep(self.pause)
            yield item

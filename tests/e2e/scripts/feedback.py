"""A feedback loop: each array is built from the result of the previous one.

Array k is np.full(4, v_k) with v_0 = 1 and v_{k+1} = 2 * mean_k + count_k,
so with `stats` the values are 1, 6, 16, 36, ... Records what yield returned.
params: record=PATH, steps=N
"""
import json

import numpy as np


def generate(ctx):
    v = 1.0
    received = []
    for _ in range(int(ctx.params.get("steps", 5))):
        r = yield np.full(4, v)
        received.append({"sent": v, "got": r})
        if r is not None:
            v = 2 * r["mean"] + r["count"]
    with open(ctx.params["record"], "w") as f:
        json.dump(received, f)

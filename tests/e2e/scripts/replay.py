"""Yields, in order, the arrays of the .npz file named by `inputs` (arr_0,
arr_1, ...) and saves what each yield returned to the .npz file named by
`record`: an array or number as r{i}, named values as r{i}.{name}, None as
nothing. Saved in a finally: block, so a failing run keeps what came back.

params: inputs=PATH.npz (required), record=PATH.npz
"""
import numpy as np


def generate(ctx):
    received = {}
    try:
        with np.load(ctx.params["inputs"]) as z:
            inputs = [z[f"arr_{i}"] for i in range(len(z.files))]
        for i, x in enumerate(inputs):
            r = yield x
            if isinstance(r, dict):
                received.update({f"r{i}.{name}": value for name, value in r.items()})
            elif r is not None:
                received[f"r{i}"] = r
    finally:
        if "record" in ctx.params:
            np.savez(ctx.params["record"], **received)

"""Yields, in order, the arrays of the .npz file named by `inputs` (arr_0,
arr_1, ...), each as {"x": arr_i, "weights": weights_i} where the file has a
weights_i, and saves what each yield returned to the .npz file named by
`record`: an array or number as r{i}, named values as r{i}.{name}, None as
nothing. Saved in a finally: block, so a failing run keeps what came back.

params: inputs=PATH.npz (required), record=PATH.npz
"""
import numpy as np


def generate(ctx):
    received = {}
    try:
        with np.load(ctx.params["inputs"]) as z:
            count = sum(name.startswith("arr_") for name in z.files)
            inputs = [{"x": z[f"arr_{i}"], "weights": z[f"weights_{i}"]} if f"weights_{i}" in z.files
                      else z[f"arr_{i}"] for i in range(count)]
        for i, x in enumerate(inputs):
            r = yield x
            if isinstance(r, dict):
                received.update({f"r{i}.{name}": value for name, value in r.items()})
            elif r is not None:
                received[f"r{i}"] = r
    finally:
        if "record" in ctx.params:
            np.savez(ctx.params["record"], **received)

"""Steps yielded as dicts of input name to array, for test_named_inputs.py."""

import numpy as np


def generate(ctx):
    case = ctx.params["case"]
    x = np.arange(5.0)
    yield {"x": x}
    if case == "unknown":
        yield {"x": x, "w": x}  # NAMED:unknown
    elif case == "non_str":
        yield {"x": x, 1: x}  # NAMED:non_str
    elif case == "missing":
        yield {}  # NAMED:missing
    elif case == "contract":
        yield {"x": x.astype(np.int32)}  # NAMED:contract
    else:
        yield x

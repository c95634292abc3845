"""Reports what ctx.data holds (name, dtype, shape, writeable, address) to the
file named by the `report` param, as JSON; then yields one small array."""
import json

import numpy as np


def generate(ctx):
    report = {name: {"dtype": str(a.dtype), "shape": list(a.shape), "writeable": a.flags.writeable,
                     "type": type(a).__name__, "sum": float(np.sum(a, dtype=np.float64)),
                     "address": a.__array_interface__["data"][0]}
              for name, a in ctx.data.items()}
    with open(ctx.params["report"], "w") as f:
        json.dump(report, f)
    yield np.zeros(4)

"""For the `probe` test plugin, which returns each input's data address and
the first data set's: records (JSON at `record`) the addresses as the script
sees them, next to what the plugin reported.

params: record=PATH, steps=N
"""
import json

import numpy as np


def generate(ctx):
    table = ctx.data.get("table")
    seen = {"data_address": table.ctypes.data if table is not None else 0, "arrays": []}
    for i in range(int(ctx.params.get("steps", 3))):
        x = np.full(1000, float(i))
        r = yield x
        seen["arrays"].append({"address": x.ctypes.data, "result": r})
    with open(ctx.params["record"], "w") as f:
        json.dump(seen, f)

"""Records the type and repr of each ctx.params value, and of what
data_sets(params) got, as JSON in params["record"]: {"ctx": {key: [type, repr]},
"data_sets": {...}}; yields one array.
"""
import json

import numpy as np

_seen = {}


def _described(params):
    return {key: [type(value).__name__, repr(value)] for key, value in params.items()}


def data_sets(params):
    _seen["data_sets"] = _described(params)
    return {}


def generate(ctx):
    _seen["ctx"] = _described(ctx.params)
    with open(ctx.params["record"], "w") as f:
        json.dump(_seen, f)
    yield np.zeros(2)

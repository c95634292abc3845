"""Feeds float64 arrays to table_lookup and records, for the test, every array
it yielded (PREFIX.npz), every result yield returned (PREFIX-results.npz) and
how each result arrived (PREFIX.json: type, dtype, shape, writeable).

The edges of [lo, hi], values beyond them, NaN and infinities, a 0-d and an
empty array; the last array is built from the result before it, so results
really come back into the generator.

params: record=PATH_PREFIX (required), lo, hi (as given to the plugin)
"""
import json

import numpy as np


def fixed_arrays(lo, hi, rng):
    span = hi - lo
    yield np.array([lo - span, lo, hi, hi + span, np.nan, np.inf, -np.inf, lo + span / 3])
    yield rng.uniform(lo - 0.1 * span, hi + 0.1 * span, size=(40, 25))
    yield np.array(lo + 0.5 * span)
    yield np.empty((0, 3))
    yield rng.uniform(lo, hi, size=(3, 4, 5))


def generate(ctx):
    lo, hi = float(ctx.params.get("lo", 0)), float(ctx.params.get("hi", 1))
    prefix = ctx.params["record"]
    yielded, results, arrived = [], [], []

    def send(x):
        yielded.append(np.array(x))  # a copy for the record; x itself goes to the host
        r = yield x
        arrived.append({"type": type(r).__name__, "dtype": str(r.dtype), "shape": list(r.shape),
                        "writeable": bool(r.flags.writeable)})
        results.append(np.array(r))
        return r

    try:
        for x in fixed_arrays(lo, hi, np.random.default_rng(7)):
            r = yield from send(x)
        r[...] = lo + (r - r.min()) / (r.max() - r.min()) * (hi - lo)  # written in place
        yield from send(r)
    finally:
        np.savez(prefix + ".npz", *yielded)
        np.savez(prefix + "-results.npz", *results)
        with open(prefix + ".json", "w") as f:
            json.dump(arrived, f)

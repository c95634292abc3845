"""Yields a fixed mix of float arrays through `stats` and records, for the test,
every array it yielded (ARRAYS.npz) and every result `yield` returned
(RESULTS.json, with the Python type of each value).

params: record=PATH_PREFIX (required), seed=N, set=mixed|float32|float64|nans|offsets
"""
import json

import numpy as np


def arrays(which, rng):
    if which in ("mixed", "float32"):
        a = rng.standard_normal(100_000).astype(np.float32) * 3 + 1
        a[rng.random(a.size) < 0.05] = np.nan
        yield a                                                    # 1-d float32 with NaNs
        yield rng.uniform(-5, 5, size=(64, 33)).astype(np.float32)  # 2-d float32
    if which in ("mixed", "float64"):
        b = rng.standard_normal((20, 30, 40))
        b[rng.random(b.shape) < 0.1] = np.nan
        yield b                                                    # 3-d float64 with NaNs
        yield rng.exponential(2.0, size=(5, 4, 3, 2, 2))          # 5-d float64
        base = rng.standard_normal(1000)
        yield base[100:350]                                        # a view starting inside a buffer
        yield rng.standard_normal((6, 9))[2:3]                     # shape (1, 9): C-contiguous view
    if which in ("mixed", "nans"):
        yield np.full(7, np.nan, dtype=np.float32)                 # NaN only
        yield np.array([np.nan, 1.5, np.nan, -2.5])
    if which in ("mixed", "offsets"):
        # A large mean and a small spread: sum-of-squares formulas cancel here.
        yield 1e8 + rng.standard_normal(50_000)
        yield np.float32(-3.25) + np.zeros(10, dtype=np.float32)


def generate(ctx):
    rng = np.random.default_rng(int(ctx.params.get("seed", 1)))
    record = ctx.params["record"]
    yielded, results = [], []
    try:
        for x in arrays(ctx.params.get("set", "mixed"), rng):
            yielded.append(np.array(x))  # a copy for the record; x itself goes to the host
            r = yield x
            results.append(None if r is None else
                           {k: [v, type(v).__name__] for k, v in r.items()} if isinstance(r, dict) else
                           [r, type(r).__name__])
    finally:
        np.savez(record + ".npz", *yielded)
        with open(record + ".json", "w") as f:
            json.dump(results, f)

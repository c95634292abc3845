"""Inputs `stats` cannot read in place, plus good ones, for --convert. Records,
for the test, each yielded input as an array (INPUTS.npz) and what yield
returned (RESULTS.json).

params: record=PATH_PREFIX
"""
import json

import numpy as np


def inputs():
    yield np.arange(10, dtype=np.int32)                                   # int32 -> float64
    yield np.ones(6, dtype=np.float64)                                    # fine: no copy
    yield np.arange(24, dtype=np.float64).reshape(4, 6)[:, ::3]           # strided
    yield np.asfortranarray(np.arange(12, dtype=np.float32).reshape(3, 4))  # Fortran order
    yield [1.0, 2.5, np.nan, 4.0]                                         # a list
    yield np.arange(8, dtype=">f4")                                       # big-endian float32
    raw = np.zeros(5 * 8 + 1, dtype=np.uint8)
    m = raw[1:].view(np.float64)
    m[:] = [1, 2, 3, 4, 5]
    yield m                                                               # misaligned
    yield np.full((2, 2), 7.0, dtype=np.float32)                          # fine: no copy


def generate(ctx):
    record = ctx.params["record"]
    seen, results = [], []
    try:
        for x in inputs():
            seen.append(np.array(x))
            results.append((yield x))
    finally:
        np.savez(record + ".npz", *seen)
        with open(record + ".json", "w") as f:
            json.dump(results, f)

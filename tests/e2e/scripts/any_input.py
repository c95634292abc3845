"""Anything `nop` must take in place: odd dtypes, strides and shapes. Records
what each yield returned.

params: record=PATH
"""
import json

import numpy as np


def generate(ctx):
    got = []
    for x in (np.arange(10, dtype=np.int8),
              np.arange(24, dtype=np.complex128).reshape(2, 3, 4)[:, ::2, ::-1],
              np.asfortranarray(np.ones((3, 5), dtype=np.uint16)),
              np.array(True),
              np.empty((0, 4))):
        got.append(repr((yield x)))
    with open(ctx.params["record"], "w") as f:
        json.dump(got, f)

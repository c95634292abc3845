"""Objects with the buffer protocol that are not NumPy arrays.

params: record=PATH, which=floats|bytearray|bytes
"""
import array
import json

import numpy as np


def generate(ctx):
    results = []
    if ctx.params.get("which", "floats") == "floats":
        results.append((yield array.array("d", [1.0, 2.0, 3.0, 10.0])))       # float64 buffer
        results.append((yield memoryview(np.array([0.5, 1.5], dtype=np.float32))))
    elif ctx.params["which"] == "bytearray":
        results.append((yield bytearray(b"\x01\x02\x03")))                    # uint8 buffer
    else:
        results.append((yield b"\x01\x02\x03\x04"))                           # read-only uint8 buffer
    with open(ctx.params["record"], "w") as f:
        json.dump(results, f)

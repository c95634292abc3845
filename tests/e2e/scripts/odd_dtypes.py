"""A good float64 array, then (yield #2, on the marked line) an array
of the element type chosen by params `case`: types a kernel that takes "any
dtype" must still not be handed as they are.

params: case=NAME
"""
import array

import numpy as np


def odd(case):
    if case == "float16":
        return np.array([1.5, -2.0, 65504.0], dtype=np.float16)
    if case == "bigendian":
        return np.array([1.5, -2.0, 3.25], dtype=">f8")
    if case == "longdouble":
        return np.array([1.5, -2.0, 3.25], dtype=np.longdouble)
    if case == "structured":
        return np.zeros(3, dtype=[("t", "f8"), ("n", "i4")])
    if case == "datetime":
        return np.array(["2020-01-01", "2020-01-02"], dtype="datetime64[D]")
    if case == "timedelta":
        return np.array([1, 2], dtype="timedelta64[ms]")
    if case == "str":
        return np.array(["red", "green"])
    if case == "numeric_str":
        return np.array(["1.5", "2"])
    if case == "array_u":
        return array.array("u", "ab")
    if case == "objects":
        return np.array([1.0, None, 3], dtype=object)
    if case == "mixed_objects":
        return np.array([1.0, "two"], dtype=object)
    raise ValueError(f"unknown case {case!r}")


def generate(ctx):
    x = odd(ctx.params["case"])
    yield np.ones(2)
    yield x  # ODD

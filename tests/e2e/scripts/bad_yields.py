"""Two good arrays, then (yield #3) the input chosen by params `case`, then one
more good array. Each case's yield is on the line marked `# BAD:<case>`, which
the tests look up to check the reported location.

params: case=NAME
"""
import numpy as np


def misaligned(n):
    raw = np.zeros(n * 8 + 1, dtype=np.uint8)
    return raw[1:].view(np.float64)  # data pointer at an odd address


def nested():
    yield np.ones(3, dtype=np.int16)  # BAD:nested


def generate(ctx):
    case = ctx.params["case"]
    yield np.ones(4)
    yield np.ones(4, dtype=np.float32)
    if case == "int32":
        yield np.arange(5, dtype=np.int32)  # BAD:int32
    elif case == "float16":
        yield np.ones((2, 2), dtype=np.float16)  # BAD:float16
    elif case == "bigendian":
        yield np.arange(6, dtype=">f8").reshape(2, 3)  # BAD:bigendian
    elif case == "strided":
        yield np.arange(12, dtype=np.float64).reshape(3, 4)[:, ::2]  # BAD:strided
    elif case == "reversed":
        yield np.arange(5, dtype=np.float32)[::-1]  # BAD:reversed
    elif case == "fortran":
        yield np.asfortranarray(np.arange(12, dtype=np.float64).reshape(3, 4))  # BAD:fortran
    elif case == "misaligned":
        yield misaligned(10)  # BAD:misaligned
    elif case == "list":
        yield [1.0, 2.0, 3.0]  # BAD:list
    elif case == "str":
        yield "not an array"  # BAD:str
    elif case == "none":
        yield None  # BAD:none
    elif case == "nested":
        yield from nested()
    else:
        raise ValueError(f"unknown case {case!r}")
    yield np.ones(4)

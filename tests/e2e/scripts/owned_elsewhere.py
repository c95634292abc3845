"""Under --prefetch: float64 arrays whose memory belongs to another object
(params `owner`), each filled with its number k and, right after the yield
(while the kernel may still read it), overwritten with -1 through that owner.
A run that lets such an array through without a copy can hand the kernel -1s.

params: owner=bytearray|ctypes|memoryview|array|mmap|interface|dlpack|numpy_chain|strided|bytes
        (bytes cannot be filled: every value is 0), count (default 20), size (default 100000)
"""
import array
import ctypes
import mmap

import numpy as np


class Interface:
    """An __array_interface__ producer over memory it owns (a ctypes buffer)."""

    def __init__(self, size):
        self.memory = (ctypes.c_double * size)()
        self.__array_interface__ = {"shape": (size,), "typestr": "<f8", "version": 3,
                                    "data": (ctypes.addressof(self.memory), False)}


def make(owner, size, k):
    """(the array to yield, a function that writes -1 through the owner)."""
    nbytes = size * 8
    if owner == "bytearray":
        o = bytearray(nbytes)
        return np.frombuffer(o), lambda: o.__setitem__(slice(None), b"\xff" * nbytes)
    if owner == "ctypes":
        o = (ctypes.c_double * size)()
        return np.ctypeslib.as_array(o), lambda: ctypes.memset(o, 0xff, nbytes)
    if owner == "memoryview":
        o = memoryview(bytearray(nbytes))
        return np.asarray(o.cast("d")), lambda: o.__setitem__(slice(None), b"\xff" * nbytes)
    if owner == "array":
        o = array.array("d", bytes(nbytes))
        return np.frombuffer(o), lambda: o.__setitem__(slice(None), array.array("d", [-1.0]) * size)
    if owner == "mmap":
        o = mmap.mmap(-1, nbytes)
        return np.frombuffer(o), lambda: o.__setitem__(slice(None), b"\xff" * nbytes)
    if owner == "interface":
        o = Interface(size)
        return np.asarray(o), lambda: ctypes.memset(o.memory, 0xff, nbytes)
    if owner == "dlpack":  # NumPy's DLPack arrays are read-only: only the producer writes
        o = np.full(size, float(k))
        return np.from_dlpack(o), lambda: o.fill(-1.0)
    if owner == "numpy_chain":  # views of views of memory NumPy owns: guarded, no copy needed
        o = np.zeros(size + 2)
        return o[1:][:-1].reshape(size), lambda: None
    if owner == "strided":  # NumPy's stride tricks view through a DummyArray: still NumPy's memory
        o = np.zeros(size)
        return np.lib.stride_tricks.as_strided(o, shape=(size,), strides=(8,)), lambda: None
    if owner == "bytes":  # immutable: nothing can write it (all k = 0)
        return np.frombuffer(bytes(nbytes)), lambda: None
    raise ValueError(f"unknown owner {owner!r}")


def generate(ctx):
    owner, size = ctx.params["owner"], int(ctx.params.get("size", 100000))
    for k in range(int(ctx.params.get("count", 20))):
        x, overwrite = make(owner, size, k)
        if x.flags.writeable:
            x[:] = k
        yield x
        overwrite()

"""Items for test_array_import, one function each; `one(name)` yields the
named item, so the host sees it as a script's yield."""
import array

import numpy as np


def one(name):
    yield globals()[name]()  # the yield


def float64_vector():
    return np.arange(6.0)


def float64_matrix():
    return np.arange(6.0).reshape(2, 3)


def float64_cube():
    return np.zeros((2, 2, 2))


def float32_vector():
    return np.arange(6, dtype=np.float32)


def big_endian():
    return np.arange(6.0).astype(">f8")


def fortran_matrix():
    return np.asfortranarray(np.arange(6.0).reshape(2, 3))


def every_other():
    return np.arange(12.0)[::2]


def complex_vector():
    return np.arange(3) + 1j


def subclass():
    return np.arange(6.0).view(np.recarray)


def scalar():
    return np.float64(2.5)


def masked():
    return np.ma.masked_array(np.arange(3.0), mask=[0, 1, 0])


def numbers_list():
    return [1.0, 2.0, 3.0]


def words_list():
    return ["one", "two"]


def no_buffer():
    return object()


def bytes_buffer():
    return bytes(range(8))


def bytearray_buffer():
    return bytearray(range(8))


def doubles_buffer():
    return array.array("d", [1.0, 2.0, 3.0])


def dates():
    return np.array(["2024-01-01", "2024-01-02"], dtype="datetime64[D]")


class _Opaque:
    """An object whose class cannot even be asked for."""

    @property
    def __class__(self):
        raise RuntimeError("no class to show")


def opaque_objects():
    x = np.empty(2, dtype=object)
    x[0], x[1] = 1.0, _Opaque()
    return x


class _DLPack:
    """A DLPack producer over an array it keeps; `device` as __dlpack_device__ says."""

    def __init__(self, array, device=None):
        self.array = array
        self.device = device or array.__dlpack_device__()

    def __dlpack__(self, stream=None):
        return self.array.__dlpack__(stream=stream)

    def __dlpack_device__(self):
        return self.device

    def address(self):
        return self.array.ctypes.data


class _Interface:
    """NumPy's __array_interface__ over an array it keeps."""

    def __init__(self, array):
        self.array = array

    @property
    def __array_interface__(self):
        return {"shape": self.array.shape, "typestr": self.array.dtype.str,
                "data": (self.array.ctypes.data, False), "version": 3}

    def address(self):
        return self.__array_interface__["data"][0]


class _Kept:
    """An __array__ that returns the array it keeps: a view, as a pandas Series' is."""

    def __init__(self, array):
        self.array = array

    def __array__(self, dtype=None):
        return self.array

    def address(self):
        return self.array.ctypes.data


class _Fresh:
    """An __array__ that makes a new array each call."""

    def __array__(self, dtype=None):
        return np.arange(3, dtype=np.float32)


def dlpack_vector():
    return _DLPack(np.arange(6.0))


def dlpack_int32():
    return _DLPack(np.arange(6, dtype=np.int32))


def dlpack_on_gpu():
    return _DLPack(np.arange(6.0), device=(2, 1))


def interface_vector():
    return _Interface(np.arange(6.0))


def kept_by_array_method():
    return _Kept(np.arange(6.0))


def fresh_each_call():
    return _Fresh()


def off_64_bytes():
    """A float64 vector 16 bytes past a multiple of 64: aligned for NumPy, not for a 64-byte contract."""
    buffer = np.zeros(64 + 16 + 6 * 8, np.uint8)
    start = (-buffer.ctypes.data % 64) + 16
    return buffer[start:start + 6 * 8].view(np.float64)

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


def off_64_bytes():
    """A float64 vector 16 bytes past a multiple of 64: aligned for NumPy, not for a 64-byte contract."""
    buffer = np.zeros(64 + 16 + 6 * 8, np.uint8)
    start = (-buffer.ctypes.data % 64) + 16
    return buffer[start:start + 6 * 8].view(np.float64)

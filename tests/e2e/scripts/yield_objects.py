"""Objects that are not NumPy arrays, one per run: yields the object the param
`case` names, then records (JSON at `record`) the address of the memory the
object exposes next to the result the kernel sent back.

params: case=NAME, record=PATH
"""
import json

import numpy as np
import pandas as pd


class Interface:
    """NumPy's __array_interface__ over an array it keeps, or over `data` as given."""

    def __init__(self, array, **changes):
        self.array = array
        self.changes = changes

    @property
    def __array_interface__(self):
        a = self.array
        return {"shape": a.shape, "typestr": a.dtype.str, "data": (a.ctypes.data, False), "version": 3,
                **self.changes}


class DLPack:
    """A DLPack producer over an array it keeps, as a tensor library's would be."""

    def __init__(self, array):
        self.array = array

    def __dlpack__(self, stream=None):
        return self.array.__dlpack__(stream=stream)

    def __dlpack_device__(self):
        return self.array.__dlpack_device__()


class OnDevice(DLPack):
    """Says its memory is a CUDA device's, as a GPU tensor does."""

    def __dlpack_device__(self):
        return (2, 0)


class Copying:
    """An __array__ that makes a new array each call, as many containers' do."""

    def __array__(self, dtype=None):
        return np.arange(4.0)


def interface():
    x = Interface(np.arange(6.0))
    return x, x.__array_interface__["data"][0]


def dlpack():
    a = np.arange(6.0)
    return DLPack(a), a.ctypes.data


def pandas_float64():
    s = pd.Series([0.5, 1.5, 2.5])
    return s, s.to_numpy().ctypes.data


def pandas_int64():
    s = pd.Series([1, 2, 3])
    return s, s.to_numpy().ctypes.data


def frame_column():
    df = pd.DataFrame({"a": [1.0, 2.0, 3.0], "b": [4.0, 5.0, 6.0]})
    column = df["a"]
    return column, column.to_numpy().ctypes.data


def frame():
    df = pd.DataFrame(np.arange(6.0).reshape(3, 2), columns=["a", "b"])
    return df, df.to_numpy().ctypes.data


def on_device():
    return OnDevice(np.arange(3.0)), 0


def strided_interface():
    return Interface(np.arange(6.0), shape=(3,), strides=(16,)), 0


def short_data():
    return Interface(np.arange(4.0), data=bytes(8)), 0


def no_typestr():
    x = Interface(np.arange(4.0))
    x.changes = {"typestr": None}
    return x, 0


def copying():
    return Copying(), 0


def nullable_with_na():
    return pd.Series([1, None, 3], dtype="Int64"), 0


def dates_with_zone():
    return pd.Series(pd.to_datetime(["2024-01-01", "2024-01-02"]).tz_localize("UTC")), 0


def objects():
    return pd.Series([1.0, None, "three"], dtype=object), 0


def generate(ctx):
    item, exposed = globals()[ctx.params["case"]]()
    result = yield item  # the yield
    with open(ctx.params["record"], "w") as f:
        json.dump({"exposed": exposed, "result": result}, f)

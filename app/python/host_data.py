"""--data sets (compiled into the binary as the module `arrayfeed_host_data`):
a .npy file mapped read-only by NumPy, or what is wrong with the file."""

import math
import os
import stat
from typing import NamedTuple

import numpy as np


_DATA_KINDS = {"b": "bool", "i": "integer", "u": "unsigned integer", "f": "floating-point",
               "c": "complex"}


class MappedDataSet(NamedTuple):
    """load_data_set's answer: the mapped array, or what is wrong and how to fix it."""
    array: object
    problem: str | None = None


def load_data_set(path):
    """A read-only view of a .npy file's memory, mapped by NumPy (no copy)."""
    shown = os.fsdecode(path)
    try:
        mode = os.stat(path).st_mode
    except OSError:
        mode = None  # open() below says why
    if mode is not None and not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
        # Opening a pipe would wait for a writer, and neither a pipe nor a device can be mapped.
        return MappedDataSet(None, "not a regular file (a pipe or a device): a data set is memory-mapped; "
                                   "write the array to a file with np.save(path, array)")
    try:
        with open(path, "rb") as f:
            version = np.lib.format.read_magic(f)
            shape, fortran_order, dtype = np.lib.format._read_array_header(f, version)
            offset = f.tell()
            size = os.fstat(f.fileno()).st_size
    except FileNotFoundError:
        return MappedDataSet(None, "no such file; check the PATH in --data NAME=PATH")
    except IsADirectoryError:
        return MappedDataSet(None, "is a directory, not a .npy file")
    except OSError as e:
        return MappedDataSet(None, f"cannot read it: {e.strerror}")
    except Exception as e:
        return MappedDataSet(None, f"not a readable .npy file ({e}); write it with np.save(path, array) "
                                   f"(.npz archives: save each array to its own .npy)")
    if dtype.kind not in _DATA_KINDS or dtype.fields is not None or dtype.subdtype is not None:
        return MappedDataSet(None, f"dtype {dtype} is not supported: data sets hold numbers or booleans; "
                                   f"save a numeric array, e.g. np.save(path, x.astype(np.float64))")
    needed = offset + math.prod(shape) * dtype.itemsize  # Python ints: a crafted shape cannot wrap around
    if size < needed:
        return MappedDataSet(None, f"truncated: its header promises shape {shape} of {dtype} ({needed} bytes "
                                   f"with the header) but the file has {size} bytes; write it again")
    try:
        mapped = np.load(shown, mmap_mode="r", allow_pickle=False)
    except Exception as e:
        return MappedDataSet(None, f"NumPy cannot map it: {e}")
    # A plain ndarray over the same read-only mapping: a memmap subclass would
    # turn every result computed from it into a memmap too.
    return MappedDataSet(mapped.view(np.ndarray))

"""Yielded items that are not plain ndarrays (compiled into the binary as the
module `arrayfeed_host_arrays`): an array over an item's own memory or why
there is none, fixes that depend on the values, and --convert's copies.
Off the hot path: exact ndarrays never come here."""

import numbers
import warnings
from typing import NamedTuple

import numpy as np


def type_in_words(thing):
    """'a list', 'an int', 'an Image (PIL.Image.Image)': the thing's type in words."""
    t = type(thing)
    article = "an" if t.__name__[:1].lower() in "aeio" else "a"  # a uint8, a UserDict
    where = "" if t.__module__ == "builtins" else f" ({t.__module__}.{t.__qualname__})"
    return f"{article} {t.__name__}{where}"


def _fix_without_buffer(item, target):
    """How to get a NumPy array out of an object that has no buffer."""
    t = type(item)
    module = t.__module__.split(".")[0]
    if module == "pandas":  # its missing values would become objects; say what they are
        na = ", na_value=np.nan" if np.dtype(target).kind in "fc" else ""
        return f"x.to_numpy(dtype=np.{target}{na})"
    if module == "h5py" and t.__name__ == "Dataset":
        return "x[...]  (reads the data set into a NumPy array)"
    if hasattr(item, "__dlpack__"):
        return "np.from_dlpack(x)  (no copy)"
    if any(hasattr(item, a) for a in ("__array__", "__array_interface__", "__array_struct__")):
        return "np.asarray(x)"
    return "yield a NumPy array"


class AsArray(NamedTuple):
    """as_array's answer: the array, or, refused, the item in words, the fix,
    and whether --convert can copy it."""
    array: object
    got: str | None = None
    fix: str | None = None
    convertible: bool = False


def _refused(got, fix, convertible=False):
    return AsArray(None, got, fix, convertible)


def as_array(item, target):
    """A NumPy array of the item's own memory, or why there is none (AsArray);
    `target` is the dtype name the fix suggests. Off the hot path: exact
    ndarrays never come here."""
    if isinstance(item, np.ma.MaskedArray):
        return _refused("a masked array: the kernel would read the masked values too",
                        "x.filled(np.nan), or x.compressed() for the unmasked values")
    if isinstance(item, np.ndarray):
        return AsArray(item)
    if isinstance(item, np.generic):  # its buffer is raw bytes; asarray keeps the dtype
        return AsArray(np.asarray(item))
    try:
        view = memoryview(item)
    except TypeError:
        if isinstance(item, (list, tuple)):
            return _refused(f"{type_in_words(item)}, not an array", f"np.asarray(x, dtype=np.{target})", True)
        return _refused(f"{type_in_words(item)}, not an array (nor anything with the buffer protocol)",
                        _fix_without_buffer(item, target))
    except Exception as e:
        return _refused(f"{type_in_words(item)} whose buffer cannot be read ({e})", "yield a NumPy array")
    try:
        return AsArray(np.asarray(view))
    except Exception as e:
        return _refused(f"{type_in_words(item)} whose buffer NumPy cannot read ({e})", "yield a NumPy array")


def _index_text(array, flat_index):
    return "x[" + ", ".join(str(i) for i in np.unravel_index(flat_index, array.shape)) + "]"


def _fix_for_objects(x, target):
    kind = np.dtype(target).kind
    has_none = False
    for i, v in enumerate(x.flat):
        if v is None:
            has_none = True
        elif not isinstance(v, numbers.Real) or (kind in "iub" and not isinstance(v, numbers.Integral)):
            return (f"the objects are not all {'whole ' if kind in 'iub' else ''}numbers "
                    f"({_index_text(x, i)} is {type_in_words(v)}): yield an array of numbers")
    if has_none and kind in "fc":
        return f"x.astype(np.{target}), if None means a missing value: it becomes NaN"
    if has_none:
        return f"replace None with a {target} value first, e.g. np.where(x == None, 0, x).astype(np.{target})"
    return f"x.astype(np.{target})  (the objects are all numbers)"


def _fix_for_dates(x, target):
    unit, _ = np.datetime_data(x.dtype)
    whole = np.dtype(target).kind in "iu"
    since = "(x - np.datetime64('1970-01-01'))" if x.dtype.kind == "M" else "x"
    expression = f"{since} {'//' if whole else '/'} np.timedelta64(1, 's')"
    result = np.dtype(np.int64 if whole else np.float64)
    if np.dtype(target) != result:
        expression = f"({expression}).astype(np.{target})"
    what = "seconds since 1970-01-01" if x.dtype.kind == "M" else "seconds"
    return (f"{expression} for {what} (or another unit; x counts in units of {unit!r}, "
            f"which a plain cast would use without saying so)")


def _fix_for_text(x, target):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            x.astype(target)
        return f"x.astype(np.{target})  (parses the numbers the text holds)"
    except (ValueError, TypeError, OverflowError):
        return ("it is text, not numbers: yield the numbers it stands for, e.g. codes from "
                "np.unique(x, return_inverse=True)[1]")


def fix_for_values(x, target):
    """The fix for an array of dates, text, objects or records, which no kernel
    reads: what is right depends on what it holds. `target` names the dtype
    the kernel reads (float64 if it can)."""
    kind = x.dtype.kind
    if kind in "Mm":
        return _fix_for_dates(x, target)
    if kind in "US":
        return _fix_for_text(x, target)
    if kind == "O":
        return _fix_for_objects(x, target)
    if x.dtype.names:
        return (f"it holds records: yield one field, e.g. x[{x.dtype.names[0]!r}] "
                f"(fields: {', '.join(x.dtype.names)})")
    return "x.view(np.uint8) for its raw bytes"


def convert(item, type_string, alignment):
    """A C-contiguous, aligned copy of `item` with the given dtype (--convert),
    its data at a multiple of `alignment` bytes (0: the element size).
    Only conversions within a kind or to a wider one (NumPy's 'same_kind'):
    complex to real, or dates to numbers, would lose meaning silently."""
    array = np.asarray(item)
    dtype = np.dtype(type_string)
    if alignment <= dtype.itemsize:
        return array.astype(dtype, order="C", casting="same_kind", copy=array is item)
    # NumPy aligns what it allocates to 16 bytes: place the copy in a larger buffer.
    nbytes = array.size * dtype.itemsize
    buffer = np.empty(nbytes + alignment, np.uint8)
    start = -buffer.ctypes.data % alignment
    copy = buffer[start:start + nbytes].view(dtype).reshape(array.shape)
    np.copyto(copy, array, casting="same_kind")
    return copy

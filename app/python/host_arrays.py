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


class AsArray(NamedTuple):
    """as_array's answer: the array, or, refused, the item in words, the fix,
    and whether --convert can copy it. `through` says how NumPy viewed an
    object that is neither an array nor a buffer, e.g. 'np.from_dlpack(x)'."""
    array: object
    got: str | None = None
    fix: str | None = None
    convertible: bool = False
    through: str | None = None


def _refused(got, fix, convertible=False):
    return AsArray(None, got, fix, convertible)


def _is_pandas(item):
    return type(item).__module__.split(".")[0] == "pandas"


def _pandas_numbers(item):
    """True for a pandas object of numbers in pandas' own dtype (Int64, Float64,
    boolean: the ones with NA), whose __array__ makes objects of them."""
    dtype = getattr(item, "dtype", None)
    return (_is_pandas(item) and hasattr(item, "to_numpy") and not isinstance(dtype, np.dtype)
            and getattr(dtype, "kind", "O") in "biuf")


def _fix_for_pandas(item, target):
    """to_numpy as the dtype the kernel reads: NA becomes NaN where a float can hold it."""
    if np.dtype(target).kind in "fc":
        return f"x.to_numpy(dtype=np.{target}, na_value=np.nan)"
    na = "  (it holds NA, which no integer stands for: drop or fill them first)" if getattr(item, "hasnans", False) else ""
    return f"x.to_numpy(dtype=np.{target}){na}"


# DLPack's device types (dlpack.h, DLDeviceType) by code; 1, the CPU, is the one a kernel reads.
_DLPACK_CPU = 1
_DLPACK_DEVICES = {2: "CUDA", 3: "CUDA host", 4: "OpenCL", 7: "Vulkan", 8: "Metal", 9: "VPI", 10: "ROCm",
                   11: "ROCm host", 12: "an external device's", 13: "CUDA managed", 14: "oneAPI", 15: "WebGPU",
                   16: "Hexagon", 17: "MAIA"}


def _off_the_cpu(item):
    """The refusal of a DLPack object in memory other than the CPU's, else None.
    NumPy 1.24's from_dlpack does not ask the producer where its memory is."""
    if not hasattr(item, "__dlpack_device__"):
        return None  # from_dlpack still refuses a capsule whose tensor is not on the CPU
    device_type, device_id = item.__dlpack_device__()
    if device_type == _DLPACK_CPU:
        return None
    memory = _DLPACK_DEVICES.get(device_type, f"device type {device_type}'s")
    return _refused(f"{type_in_words(item)} in {memory} memory (__dlpack_device__() is "
                    f"({device_type}, {device_id})), which the kernel cannot read",
                    "copy it to main memory first, e.g. x.cpu() in PyTorch or x.get() in CuPy (a copy)")


def _numpy_protocol(item):
    """The protocol np.asarray uses for an item without a buffer (NumPy's order), or None."""
    return next((p for p in ("__array_struct__", "__array_interface__", "__array__") if hasattr(item, p)), None)


def _outside_its_data(item, view):
    """The refusal of an __array_interface__ whose shape, strides and offset reach
    outside the buffer it names as data, else None: NumPy 1.24 does not check."""
    data = item.__array_interface__.get("data")
    if isinstance(data, tuple) or data is None or view.size == 0:
        return None  # a raw address has no length to check against; None: the item's buffer, which it lacks
    low, high = np.byte_bounds(view)
    start, end = np.byte_bounds(np.asarray(memoryview(data)))
    if start <= low and high <= end:
        return None
    return _refused(f"{type_in_words(item)} whose __array_interface__ reaches outside its data "
                    f"(bytes {low - start} to {high - start} of a {end - start}-byte buffer)",
                    "give __array_interface__ a shape, strides and offset within its data")


def _address(array):
    return array.__array_interface__["data"][0]


def _fix_for_copy(item, copy, target):
    """How to get the numbers out of an object whose protocol copies them."""
    if _pandas_numbers(item) or (_is_pandas(item) and copy.dtype.kind in "biuf"):
        return _fix_for_pandas(item, target)
    if copy.dtype.kind in "MmUSOV":  # that fix is for the NumPy array, not the object
        return f"with x = np.array(x): {fix_for_values(copy, target)}"
    t = type(item)
    if t.__module__.split(".")[0] == "h5py" and t.__name__ == "Dataset":
        return "x[...]  (reads the data set into a NumPy array)"
    return "np.array(x)  (the copy made explicit)"


def _viewed(item, protocol, view, target):
    """`view` (a function of the item) as the array of memory the item keeps,
    or the refusal: a copy made afresh by each call cannot have the first
    one's address while the first is alive, so two calls at one address are
    a view (the pointer test)."""
    through = "np.from_dlpack(x)" if protocol == "__dlpack__" else "np.asarray(x)"
    try:
        first, second = view(item), view(item)
    except Exception as e:
        return _refused(f"{type_in_words(item)} whose {protocol} NumPy cannot read ({type(e).__name__}: {e})",
                        "yield a NumPy array")
    if _address(first) != _address(second):
        got = (f"{type_in_words(item)} whose {protocol} makes a new {first.dtype} array each time, "
               "a copy rather than its own memory")
        return _refused(got, _fix_for_copy(item, first, target),
                        _pandas_numbers(item) or first.dtype.kind in "biuf")
    if protocol == "__array_interface__":
        outside = _outside_its_data(item, first)
        if outside:
            return outside
    return AsArray(first, through=through)


def _through_protocols(item, target):
    """An array of the memory an item without a buffer keeps, through DLPack
    or NumPy's array protocols, or why there is none."""
    refused = None
    if hasattr(item, "__dlpack__"):
        refused = _off_the_cpu(item)
        if refused:
            return refused
        found = _viewed(item, "__dlpack__", np.from_dlpack, target)
        if found.array is not None:
            return found
        refused = found
    protocol = _numpy_protocol(item)
    if protocol:
        found = _viewed(item, protocol, np.asarray, target)
        return found if found.array is not None or refused is None else refused
    return refused or _refused(f"{type_in_words(item)}, not an array (nor anything with the buffer protocol, "
                               "__dlpack__ or __array__)", "yield a NumPy array")


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
        try:
            return _through_protocols(item, target)
        except Exception as e:  # the item's own methods, run by hasattr, __dlpack_device__ or to_numpy
            return _refused(f"{type_in_words(item)} whose array protocol raised {type(e).__name__}: {e}",
                            "yield a NumPy array")
    except Exception as e:
        return _refused(f"{type_in_words(item)} whose buffer cannot be read ({e})", "yield a NumPy array")
    try:  # a buffer has no ndarray methods: the fix names the view it needs
        return AsArray(np.asarray(view), through="np.asarray(x)")
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
    complex to real, or dates to numbers, would lose meaning silently.
    pandas' numbers with NA (Int64, Float64, boolean) become NaN where NA
    is; into integers, to_numpy refuses NA itself."""
    dtype = np.dtype(type_string)
    if _pandas_numbers(item):
        array = item.to_numpy(dtype=dtype, **({"na_value": np.nan} if dtype.kind in "fc" else {}))
    else:
        array = np.asarray(item)
    if alignment <= dtype.itemsize:
        return array.astype(dtype, order="C", casting="same_kind", copy=array is item)
    # NumPy aligns what it allocates to 16 bytes: place the copy in a larger buffer.
    nbytes = array.size * dtype.itemsize
    buffer = np.empty(nbytes + alignment, np.uint8)
    start = -buffer.ctypes.data % alignment
    copy = buffer[start:start + nbytes].view(dtype).reshape(array.shape)
    np.copyto(copy, array, casting="same_kind")
    return copy

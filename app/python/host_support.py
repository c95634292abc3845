"""Python side of the arrayfeed host: compiled into the binary as the module
`arrayfeed_host`. Everything here runs off the hot path (set-up, error
reports, conversions); the per-array loop is C++."""

import functools
import importlib.machinery
import importlib.util
import inspect
import io
import logging
import math
import numbers
import os
import signal
import site
import stat
import sys
import threading
import tomllib
import traceback
import types
import warnings
from typing import NamedTuple

import numpy as np

import _arrayfeed_native as native  # log() into spdlog, rewrap_stop_signal(), defined by the host


class Terminated(BaseException):
    """Raised in the main thread on SIGTERM so the run can stop gracefully."""


def _on_sigterm(signum, frame):
    raise Terminated()


def _rewrapping_signal(python_signal):
    """signal.signal for the script: a SIGINT/SIGTERM handler it sets (also
    through asyncio.run) replaces the host's wrapper around Python's, which the
    host then puts back, so that a second signal still ends a kernel call that
    hangs (core/kernel_signals)."""

    @functools.wraps(python_signal)
    def signal_(signalnum, handler):
        previous = python_signal(signalnum, handler)
        native.rewrap_stop_signal(int(signalnum))
        return previous

    return signal_


class _SpdlogHandler(logging.Handler):
    def emit(self, record):
        try:
            native.log(record.levelno, f"[{record.name}] {self.format(record).rstrip()}")
        except Exception:
            self.handleError(record)


class _LogWriter(io.TextIOBase):
    """sys.stdout for the script: each printed line becomes an info log line."""

    def __init__(self):
        self._pending = ""

    def writable(self):
        return True

    def write(self, text):
        lines = (self._pending + text).split("\n")
        self._pending = lines.pop()
        for line in lines:
            native.log(logging.INFO, f"[print] {line}")
        return len(text)

    def flush(self):
        if self._pending:
            native.log(logging.INFO, f"[print] {self._pending}")
            self._pending = ""


class Context:
    """What the entry function receives as `ctx`."""

    def __init__(self, params, data, kernel):
        self.params = dict(params)
        self.data = dict(data)
        self.kernel = kernel
        self.log = logging.getLogger("script")

    def __repr__(self):
        return f"<arrayfeed ctx: kernel {self.kernel.name!r}, params {self.params!r}>"


def script_params(items):
    """ctx.params from [(key, text, typed)]: a config file's typed value is the
    TOML value `text` spells, read as tomllib reads it; anything else is text."""
    return {key: tomllib.loads(f"value = {text}")["value"] if typed else text for key, text, typed in items}


def kernel_info(name, description, dtypes, min_ndim, max_ndim, strided_ok, text):
    """ctx.kernel: the kernel's name and input contract."""
    contract = types.SimpleNamespace(dtypes=list(dtypes), min_ndim=min_ndim, max_ndim=max_ndim,
                                     strided_ok=strided_ok, text=text)
    return types.SimpleNamespace(name=name, description=description, contract=contract)


def set_up(python_level, virtual_env, python_path):
    """Logging bridge, print redirection, SIGTERM handler, venv and PYTHONPATH."""
    root = logging.getLogger()
    root.handlers[:] = [_SpdlogHandler()]
    root.setLevel(python_level)
    logging.captureWarnings(True)  # warnings.warn() too goes to the log, not straight to stderr
    sys.stdout = _LogWriter()
    signal.signal(signal.SIGTERM, _on_sigterm)
    signal.signal = _rewrapping_signal(signal.signal)
    os.register_at_fork(before=_hold_sigterm, after_in_parent=_release_sigterm,
                        after_in_child=_default_sigterm_in_child)
    if virtual_env:
        _activate_venv(virtual_env)
    for entry in reversed([p for p in python_path.split(os.pathsep) if p]):
        sys.path.insert(0, entry)


# Forked workers (multiprocessing) are stopped with SIGTERM: in a child it
# must kill, as in plain Python. It stays blocked from before the fork until
# the child has reset it: a SIGTERM that came in between (a Pool's terminate()
# right after it started its workers, on a busy machine) would otherwise go
# to the parent's handler, be dropped by the reset, and the Pool would wait
# for that worker forever.
# Per thread: two threads (a Pool's and the script's) may be forking at once.
_before_fork = threading.local()


def _hold_sigterm():
    _before_fork.mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})


def _release_sigterm():
    signal.pthread_sigmask(signal.SIG_SETMASK, _before_fork.mask)


def _default_sigterm_in_child():
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _release_sigterm()  # a SIGTERM that waited meanwhile ends the child now


def flush_output():
    """Logs a last printed line that had no newline, before the summary."""
    sys.stdout.flush()


def wait_for_threads():
    """Joins the script's non-daemon threads, saying which, as Python would at exit."""
    waiting = [t for t in threading.enumerate()
               if t is not threading.main_thread() and t.is_alive() and not t.daemon]
    if waiting:
        logging.getLogger("arrayfeed").warning(
            "waiting for the script's threads to end: %s (make them daemon threads, or stop "
            "them in a finally: block; Ctrl-C stops waiting)", ", ".join(t.name for t in waiting))
    for thread in waiting:
        thread.join()


def _activate_venv(venv):
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    packages = os.path.join(venv, "lib", version, "site-packages")
    if not os.path.isdir(packages):
        logging.getLogger("arrayfeed").warning(
            "VIRTUAL_ENV=%s has no %s; its packages are not importable", venv, packages)
        return
    before = list(sys.path)
    site.addsitedir(packages)
    added = [p for p in sys.path if p not in before]
    # A venv's packages win over the system's, as in the venv's own python.
    sys.path[:] = added + before
    sys.prefix = sys.exec_prefix = venv
    # Children started from sys.executable (subprocess, multiprocessing's spawn)
    # then see the venv's packages too.
    for name in ("python", f"python{sys.version_info.major}"):
        interpreter = os.path.join(venv, "bin", name)
        if os.access(interpreter, os.X_OK):
            sys.executable = interpreter
            break


def load_script(path):
    """Imports the script by path with its folder first on sys.path."""
    path = os.path.abspath(path)
    folder = os.path.dirname(path)
    if folder not in sys.path:
        sys.path.insert(0, folder)
    name = os.path.splitext(os.path.basename(path))[0]
    # An explicit loader, so a script without the .py suffix imports too.
    loader = importlib.machinery.SourceFileLoader(name, path)
    spec = importlib.util.spec_from_file_location(name, path, loader=loader)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def load_source(source, filename):
    """Imports a script shipped inside the binary (the default job)."""
    module = types.ModuleType("arrayfeed_default_job")
    module.__file__ = filename
    exec(compile(source, filename, "exec"), module.__dict__)
    return module


class FoundEntry(NamedTuple):
    """find_entry's answer: the entry function, or why the script has none."""
    entry: object
    problem: str | None = None


def find_entry(module, name, script):
    """The entry function, or a message saying what is wrong."""
    entry = getattr(module, name, None)
    if entry is None:
        functions = sorted(n for n, v in vars(module).items()
                           if inspect.isfunction(v) and v.__module__ == module.__name__)
        found = ", ".join(functions) if functions else "none"
        return FoundEntry(None, f"{script} has no function '{name}' (functions it defines: {found}); "
                                f"define it or choose one with --entry NAME")
    if not callable(entry):
        return FoundEntry(None, f"{script}: '{name}' is a {type(entry).__name__}, not a function")
    return FoundEntry(entry)


def entry_takes_ctx(entry):
    try:
        signature = inspect.signature(entry)
    except (TypeError, ValueError):
        return True
    try:
        signature.bind(None)
        return True
    except TypeError:
        return False


class NamedPath(NamedTuple):
    """A data set the script names: its name, and its path as bytes."""
    name: str
    path: bytes


def script_data_sets(module, params):
    """[NamedPath] from the script's optional data_sets(params)."""
    named = getattr(module, "data_sets", None)
    if named is None:
        return []
    found = named(dict(params))
    if not isinstance(found, dict) or not all(isinstance(k, str) for k in found):
        raise TypeError(f"data_sets() must return a dict of name -> path, not {type(found).__name__}")
    return [NamedPath(name, os.fsencode(path)) for name, path in found.items()]


def describe_entry(entry, name):
    """How the run will call the entry and whether results go back (for check)."""
    call = f"{name}(ctx)" if entry_takes_ctx(entry) else f"{name}()"
    if inspect.isgeneratorfunction(entry):
        return f"{call}, a generator: each result is sent back into it"
    return f"{call}, a function: it must return an iterable; results are not sent back"


class Started(NamedTuple):
    """start's answer: what the entry returned, as an iterator to drive."""
    iterator: object
    is_generator: bool
    length: int | None


def start(entry, ctx, entry_name):
    """Calls the entry and returns Started, or raises TypeError."""
    produced = entry(ctx) if entry_takes_ctx(entry) else entry()
    if not hasattr(produced, "__iter__") and not hasattr(produced, "__getitem__"):
        raise TypeError(
            f"{entry_name}() returned {type(produced).__name__}, which is not iterable: "
            f"make {entry_name} a generator (use yield) or return an iterable of arrays")
    iterator = iter(produced)  # an __iter__ that fails shows its own traceback
    try:
        length = len(produced)  # for the progress display's ETA; generators have none
    except Exception:
        length = None
    return Started(iterator, inspect.isgenerator(iterator),
                   length if isinstance(length, int) and length >= 0 else None)


def where(iterator, entry):
    """'file:line' of the yield the iterator is suspended at, else of the entry."""
    frame = None
    while inspect.isgenerator(iterator) and iterator.gi_frame is not None:
        frame = iterator.gi_frame
        iterator = iterator.gi_yieldfrom
    if frame is not None:
        return f"{frame.f_code.co_filename}:{frame.f_lineno}"
    code = getattr(entry, "__code__", None)
    return f"{code.co_filename}:{code.co_firstlineno}" if code else "?"


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


def convert(item, type_string):
    """A C-contiguous, aligned copy of `item` with the given dtype (--convert).
    Only conversions within a kind or to a wider one (NumPy's 'same_kind'):
    complex to real, or dates to numbers, would lose meaning silently."""
    array = np.asarray(item)
    return array.astype(np.dtype(type_string), order="C", casting="same_kind", copy=array is item)


def format_exception(exc, tb):
    """Python's own traceback text, without the host's and importlib's frames."""
    while tb is not None and tb.tb_frame.f_code.co_filename.startswith(("<arrayfeed", "<frozen")):
        tb = tb.tb_next
    return "".join(traceback.format_exception(type(exc), exc, tb)).rstrip()


class Versions(NamedTuple):
    """The embedded Python as `arrayfeed info` reports it."""
    python: str
    numpy: str
    executable: str
    prefix: str
    path: list


def versions():
    return Versions(sys.version.split()[0], np.__version__, sys.executable, sys.prefix, list(sys.path))

"""The script as the host drives it (compiled into the binary as the module
`arrayfeed_host_script`): importing it, finding and calling its entry with
ctx, its data sets, and where it stands for messages. Off the per-array path."""

import importlib.machinery
import importlib.util
import inspect
import logging
import operator
import os
import sys
import tomllib
import types
from typing import NamedTuple


class Ranks(NamedTuple):
    """The job's ranks as the script sees them: `reduce(array, op)` is the
    host's in-place allreduce, `comm_handle` MPI's Fortran handle of the
    script's own communicator (None for a process alone)."""
    rank: int
    size: int
    reduce: object
    comm_handle: int | None


REDUCIBLE = ("int32", "int64", "float32", "float64")
REDUCE_OPS = ("sum", "min", "max")


class Context:
    """What the entry function receives as `ctx`: the run's parameters, data
    sets, kernel, log and ranks.

    Attributes:

    params   dict: the config's [params] with their TOML types, then the
             --set KEY=VALUE values as str. Read them with ctx.params.get(key,
             default): a key set but never read is warned about at the end.
    data     dict of name -> read-only NumPy array over the memory-mapped file
             of each data set (--data NAME=PATH, or the script's own
             data_sets(params)); the kernel reads the same memory, nothing
             is copied.
    kernel   the kernel the arrays go to: kernel.name, kernel.description,
             kernel.contract (its first input's dtypes, min_ndim, max_ndim,
             strided_ok, text) and kernel.inputs (each with name, optional,
             same_shape_as, contract).
    log      a logging.Logger ("script") whose records join arrayfeed's log on
             stderr (--log-level); print() writes to stdout, as in plain
             Python (to stderr under --output -, whose results own stdout).
    results_sent_back
             bool: True when each kernel result is sent back into the
             generator, as the value of `result = yield x`. False under
             --prefetch N (N > 0) or --threads N (N > 1): the generator then
             runs ahead of the kernel, and yield returns None. (An entry that
             returns a plain iterable, not a generator, never receives them.)
    rank, size
             this process's rank and how many ranks the job has: 0 and 1
             without mpirun.
    shard(n) this rank's balanced block of range(n).
    allreduce(a, op="sum")
             combines a NumPy array across the ranks in place (op "sum",
             "min" or "max"); without mpirun, `a` unchanged.
    comm     an mpi4py communicator of the script's own (None without mpirun).
    """

    def __init__(self, params, data, kernel, ranks, results_sent_back):
        self.params = params  # a ReadParams, made for this ctx
        self.data = dict(data)
        self.kernel = kernel
        self.log = logging.getLogger("script")
        self.results_sent_back = bool(results_sent_back)
        self._ranks = ranks
        self._comm = None

    @property
    def rank(self):
        """This process's rank in the job, from 0 (0 without mpirun)."""
        return self._ranks.rank

    @property
    def size(self):
        """How many ranks the job has (1 without mpirun)."""
        return self._ranks.size

    def shard(self, n):
        """This rank's block of range(n): the blocks of the ranks in order
        cover range(n) once, and differ in length by at most one."""
        n = operator.index(n)
        if n < 0:
            raise ValueError(f"ctx.shard({n}): n must be 0 or more")
        per_rank, extra = divmod(n, self.size)
        start = self.rank * per_rank + min(self.rank, extra)
        return range(start, start + per_rank + (self.rank < extra))

    def allreduce(self, a, op="sum"):
        """Combines `a` (a writeable, contiguous NumPy array of int32, int64,
        float32 or float64) across the ranks in place, with op "sum", "min"
        or "max", and returns it. Every rank must call it, in the same order
        and with the same shape; without mpirun it returns `a` unchanged."""
        if op not in REDUCE_OPS:
            raise ValueError(f"ctx.allreduce: op is {op!r}; use one of " + ", ".join(map(repr, REDUCE_OPS)))
        problem = _unreducible(a)
        if problem:
            raise TypeError(f"ctx.allreduce: {problem}")
        self._ranks.reduce(a, op)
        return a

    @property
    def comm(self):
        """An mpi4py communicator for this script alone (mpi4py is imported
        on first use), or None without mpirun."""
        if self._comm is None and self._ranks.comm_handle is not None:
            from mpi4py import MPI
            self._comm = MPI.Intracomm.f2py(self._ranks.comm_handle)
        return self._comm

    def __repr__(self):
        ranks = f", rank {self.rank} of {self.size}" if self.size > 1 else ""
        return f"<arrayfeed ctx: kernel {self.kernel.name!r}, params {self.params!r}{ranks}>"


def _unreducible(a):
    """Why ctx.allreduce cannot combine `a` in place, or None."""
    import numpy as np
    if not isinstance(a, np.ndarray):
        return (f"it combines a NumPy array in place, and got {type(a).__name__}; "
                "fix: a = ctx.allreduce(np.array(value))")
    if a.dtype.name not in REDUCIBLE or not a.dtype.isnative:
        return (f"it combines int32, int64, float32 or float64 (native byte order), and got {a.dtype}; "
                f"fix: {_reducible_fix(a.dtype)}")
    if not a.flags.c_contiguous or not a.flags.writeable:
        why = "not contiguous" if not a.flags.c_contiguous else "read-only"
        return f"the array is {why}; fix: a = ctx.allreduce(a.copy())"
    return None


def _reducible_fix(dtype):
    """A cast to a type ctx.allreduce takes that keeps what the values mean."""
    exact = {"b": "int32", "i": "int32" if dtype.itemsize <= 4 else "int64",
             "u": "int32" if dtype.itemsize <= 2 else "int64", "f": "float32" if dtype.itemsize <= 4 else "float64"}
    if dtype.kind == "u" and dtype.itemsize == 8:
        return "a = ctx.allreduce(a.astype(np.float64)) (exact up to 2**53)"
    if dtype.kind == "f" and dtype.itemsize > 8:
        return "a = ctx.allreduce(a.astype(np.float64)) (rounds to double precision)"
    if dtype.kind in exact:
        return f"a = ctx.allreduce(a.astype(np.{exact[dtype.kind]}))"
    if dtype.kind == "c":
        half = "float32" if dtype.itemsize == 8 else "float64"
        return f"for a sum, ctx.allreduce(a.view(np.{half})) (real and imaginary parts side by side, in place)"
    return "reduce an array of the numbers it stands for"


class ReadParams(dict):
    """ctx.params: a dict that adds each key the script reads to `read` (a set
    the host keeps for the whole run), so the run can warn of a parameter
    that nothing read. Going over its keys reads them all."""

    def __init__(self, values, read):
        super().__init__(values)
        self._read = read

    def __getitem__(self, key):
        self._read.add(key)
        return super().__getitem__(key)

    def get(self, key, default=None):
        self._read.add(key)
        return super().get(key, default)

    def __contains__(self, key):
        self._read.add(key)
        return super().__contains__(key)

    def pop(self, key, *default):
        self._read.add(key)
        return super().pop(key, *default)

    def setdefault(self, key, default=None):
        self._read.add(key)
        return super().setdefault(key, default)

    def _read_all(self):
        self._read.update(super().keys())

    # dict(ctx.params) and {**ctx.params} go through keys() once __iter__ is
    # overridden, so these cover copies too.
    def __iter__(self):
        self._read_all()
        return super().__iter__()

    def keys(self):
        self._read_all()
        return super().keys()

    def values(self):
        self._read_all()
        return super().values()

    def items(self):
        self._read_all()
        return super().items()

    def copy(self):
        self._read_all()
        return dict(super().items())


def script_params(items, read):
    """ctx.params from [(key, text, typed)]: a config file's typed value is the
    TOML value `text` spells, read as tomllib reads it; anything else is text.
    The keys the script reads go into the set `read`."""
    return ReadParams({key: tomllib.loads(f"value = {text}")["value"] if typed else text
                       for key, text, typed in items}, read)


def kernel_info(name, description, dtypes, min_ndim, max_ndim, strided_ok, text, inputs):
    """ctx.kernel: the kernel's name, its first input's contract, and every
    input (name, optional, same_shape_as, contract text) in declaration order."""
    contract = types.SimpleNamespace(dtypes=list(dtypes), min_ndim=min_ndim, max_ndim=max_ndim,
                                     strided_ok=strided_ok, text=text)
    named = [types.SimpleNamespace(name=n, optional=optional, same_shape_as=same, contract=contract_text)
             for n, optional, same, contract_text in inputs]
    return types.SimpleNamespace(name=name, description=description, contract=contract, inputs=named)


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
    found = named(params)
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

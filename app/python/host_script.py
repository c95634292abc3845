"""The script as the host drives it (compiled into the binary as the module
`arrayfeed_host_script`): importing it, finding and calling its entry with
ctx, its data sets, and where it stands for messages. Off the per-array path."""

import importlib.machinery
import importlib.util
import inspect
import logging
import os
import sys
import tomllib
import types
from typing import NamedTuple


class Context:
    """What the entry function receives as `ctx`."""

    def __init__(self, params, data, kernel):
        self.params = params  # a ReadParams, made for this ctx
        self.data = dict(data)
        self.kernel = kernel
        self.log = logging.getLogger("script")

    def __repr__(self):
        return f"<arrayfeed ctx: kernel {self.kernel.name!r}, params {self.params!r}>"


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

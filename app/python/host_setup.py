"""The embedded Python as the host sets it up (compiled into the binary as
the module `arrayfeed_host_setup`): logging into spdlog, print beside the
live line, SIGTERM as Terminated, signal handlers the script sets, forks, the
venv and PYTHONPATH, the script's threads at the end, and Python's tracebacks
for messages."""

import functools
import logging
import os
import signal
import site
import sys
import threading
import traceback
from typing import NamedTuple

import numpy as np

import _arrayfeed_native as native  # log(), erase_live_line(), rewrap_stop_signal(): the host's


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


class _BesideLiveLine:
    """A terminal's sys.stdout or sys.stderr for the script: each write first
    erases arrayfeed's live line (the progress, the set-up spinner) on the
    same terminal, which comes back at its next redraw, so a print never
    starts in the middle of it. Everything else (fileno, isatty, flush, what
    pdb and input() use) is the stream's own: no io base class stands in
    between with its defaults."""

    def __init__(self, stream):
        self._stream = stream

    def write(self, text):
        native.erase_live_line()
        return self._stream.write(text)

    def writelines(self, lines):
        native.erase_live_line()
        self._stream.writelines(lines)

    def __getattr__(self, name):
        return getattr(self._stream, name)


def _beside_live_line(stream):
    return _BesideLiveLine(stream) if stream is not None and stream.isatty() else stream


def set_up(python_level, virtual_env, python_path):
    """Logging bridge, the live line kept off the script's terminal output,
    SIGTERM handler, venv and PYTHONPATH."""
    root = logging.getLogger()
    root.handlers[:] = [_SpdlogHandler()]
    root.setLevel(python_level)
    logging.captureWarnings(True)  # warnings.warn() too goes to the log, not straight to stderr
    sys.stdout = _beside_live_line(sys.stdout)
    sys.stderr = _beside_live_line(sys.stderr)
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


def prints_to_stderr():
    """--output -: the results own stdout, so the script's prints go to stderr."""
    sys.stdout = sys.stderr


def flush_output():
    """What the script printed reaches the terminal or file before the summary."""
    for stream in (sys.stdout, sys.stderr):
        if stream is not None:
            stream.flush()


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

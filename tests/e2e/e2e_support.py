"""Shared helpers of the end-to-end tests: run the built arrayfeed binary on the
fixture scripts in scripts/, each test in its own temporary directory.

ctest sets ARRAYFEED (the built binary), ARRAYFEED_SOURCE_DIR (the repository
root), ARRAYFEED_EXAMPLE_PLUGIN (build/libtable_lookup.so) and
ARRAYFEED_TEST_PLUGINS (the folder of the plugins built from tests/plugins).
Run by hand, the defaults are the repository that holds this file and its
build/ folder.
"""

import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import unittest
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPTS = HERE / "scripts"
SOURCE_DIR = Path(os.environ.get("ARRAYFEED_SOURCE_DIR") or HERE.parents[1])
ARRAYFEED = Path(os.environ.get("ARRAYFEED") or SOURCE_DIR / "build" / "arrayfeed")
EXAMPLE_PLUGIN = Path(os.environ.get("ARRAYFEED_EXAMPLE_PLUGIN") or ARRAYFEED.parent / "libtable_lookup.so")
TEST_PLUGINS = Path(os.environ.get("ARRAYFEED_TEST_PLUGINS") or ARRAYFEED.parent / "tests" / "plugins")

# The whole suite must finish in about two minutes; no single run comes near this.
DEFAULT_TIMEOUT = 60

MPIRUN = shutil.which("mpirun")
# Open MPI refuses root and more ranks than cores unless told, and its single
# copy between ranks (CMA) fails in some containers.
MPIRUN_ENV = {
    "OMPI_ALLOW_RUN_AS_ROOT": "1", "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM": "1",
    "OMPI_MCA_rmaps_base_oversubscribe": "1", "OMPI_MCA_btl_vader_single_copy_mechanism": "none",
}

METRICS_KEYS = {
    "schema_version", "versions", "started_at", "ended_at",
    "kernel", "end_reason", "exit_code", "ranks", "arrays", "bytes_handed_over", "copies", "bytes_copied",
    "init_seconds", "script_seconds", "host_seconds", "kernel_seconds", "wall_seconds", "arrays_per_second",
    "latency_p50_us", "latency_p90_us", "latency_p99_us", "latency_p999_us", "latency_max_us", "latency_rounding",
    "options", "kernel_summary", "per_rank",
}
STATS_KEYS = ["count", "sum", "mean", "std", "min", "max", "nan_count"]

# Under the asan and tsan presets a sanitizer report ends arrayfeed with exit
# code 86 and its report on stderr: every run is checked for both, so a test
# that expects a failure (any exit code) cannot pass over a report.
SANITIZER_EXIT_CODE = 86
SANITIZER_REPORT = re.compile(r"^(==\d+==ERROR: \w+Sanitizer|WARNING: ThreadSanitizer|.*: runtime error: )", re.MULTILINE)


def built_with_sanitizer():
    """True for an ASan or TSan build, which needs far more address space than it uses."""
    data = ARRAYFEED.read_bytes() if ARRAYFEED.is_file() else b""
    return b"__asan_init" in data or b"__tsan_init" in data


def deliberate_crash_env():
    """The environment for a run whose kernel crashes on purpose: under ASan or
    TSan the crash is what the test is about, not a finding, so the sanitizer
    leaves these signals to arrayfeed's handler and the default action, as in a
    plain build."""
    env = child_env()
    handled = "handle_segv=0:handle_sigbus=0:handle_sigfpe=0:handle_sigill=0:handle_abort=0"
    for name in ("ASAN_OPTIONS", "TSAN_OPTIONS"):
        env[name] = f"{env[name]}:{handled}" if env.get(name) else handled
    return env


def script(name):
    """The path (text) of a fixture script in scripts/."""
    path = SCRIPTS / name
    if not path.is_file():
        raise FileNotFoundError(f"fixture script {path} is missing")
    return str(path)


def plugin(name):
    """The path (text) of a plugin built from tests/plugins/test_plugin.c: lib{name}.so."""
    path = TEST_PLUGINS / f"lib{name}.so"
    if not path.is_file():
        raise FileNotFoundError(f"test plugin {path} is missing: build the tests, or set ARRAYFEED_TEST_PLUGINS")
    return str(path)


def line_of(path, marker):
    """1-based number of the one line of `path` that contains `marker` (as a whole word)."""
    pattern = re.compile(re.escape(marker) + r"(?![\w-])")
    lines = [i for i, text in enumerate(Path(path).read_text().splitlines(), 1) if pattern.search(text)]
    if len(lines) != 1:
        raise AssertionError(f"marker {marker!r} found on lines {lines} of {path}, expected exactly one")
    return lines[0]


def _child_setup():
    # Commands started in the background may inherit SIGINT ignored; the
    # program under test must see SIGINT as a user would.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def child_env(extra=None, drop=("VIRTUAL_ENV", "PYTHONPATH")):
    """The test's environment without what would change the embedded Python's sys.path."""
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env.update(extra or {})
    return env


class Result:
    """A finished run: exit code, stdout and stderr text, the child's own peak RSS."""

    def __init__(self, args, returncode, stdout, stderr, maxrss_kb, seconds):
        self.args = args
        self.returncode = returncode
        self.stdout = stdout
        self.stderr = stderr
        self.maxrss_kb = maxrss_kb  # ru_maxrss of exactly this child (Linux: KiB)
        self.seconds = seconds

    def __repr__(self):
        return (f"arrayfeed {' '.join(self.args)}\n  exit code {self.returncode}\n"
                f"--- stdout ---\n{self.stdout}--- stderr ---\n{self.stderr}--- end ---")


class Process:
    """A started arrayfeed process; output goes to files so it never blocks on a pipe."""

    def __init__(self, args, cwd, env=None, launcher=()):
        self.args = [os.fsdecode(a) if isinstance(a, bytes) else str(a) for a in args]
        self._out = tempfile.TemporaryFile()
        self._err = tempfile.TemporaryFile()
        self._started = time.monotonic()
        self.popen = subprocess.Popen([*launcher, str(ARRAYFEED), *self.args], cwd=cwd, env=child_env() if env is None else env,
                                      stdin=subprocess.DEVNULL, stdout=self._out, stderr=self._err,
                                      preexec_fn=_child_setup)

    @property
    def pid(self):
        return self.popen.pid

    def has_exited(self):
        """True once the child has ended (without reaping it: wait() still reports it)."""
        return os.waitid(os.P_PID, self.popen.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None

    def send_signal(self, signum):
        os.kill(self.popen.pid, signum)

    def wait(self, timeout=DEFAULT_TIMEOUT):
        """Waits for the exit (killing the child after `timeout` s) and returns a Result."""
        timed_out = []

        def kill():
            timed_out.append(True)
            try:
                os.kill(self.popen.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            # wait4, not waitpid: the resource usage of exactly this child.
            _, status, usage = os.wait4(self.popen.pid, 0)
        finally:
            timer.cancel()
        self.popen.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.monotonic() - self._started
        texts = []
        for f in (self._out, self._err):
            f.seek(0)
            texts.append(f.read().decode("utf-8", errors="replace"))
            f.close()
        result = Result(self.args, self.popen.returncode, texts[0], texts[1], usage.ru_maxrss, seconds)
        if timed_out:
            raise AssertionError(f"arrayfeed did not end within {timeout} s and was killed:\n{result!r}")
        if result.returncode == SANITIZER_EXIT_CODE or SANITIZER_REPORT.search(result.stderr):
            raise AssertionError(f"sanitizer report from arrayfeed:\n{result!r}")
        return result


def parse_jsonl(path):
    """Each line of a .jsonl file as a dict; fails on a partial or non-JSON line."""
    text = Path(path).read_text()
    if text and not text.endswith("\n"):
        raise AssertionError(f"{path} ends in a partial line: {text[-200:]!r}")
    return [json.loads(line, parse_constant=_reject_constant) for line in text.splitlines()]


def parse_jsonl_after_kill(path):
    """parse_jsonl for a file whose writer was killed (SIGKILL): the kernel may
    cut the one write in progress where it crosses a page, so the last line
    may be partial; every line before it must be whole."""
    text = Path(path).read_text()
    return [json.loads(line, parse_constant=_reject_constant) for line in text.splitlines(keepends=True)
            if line.endswith("\n")]


def parse_json(path):
    return json.loads(Path(path).read_text(), parse_constant=_reject_constant)


def _reject_constant(name):
    raise ValueError(f"{name} is not JSON (non-finite numbers must be written as null)")


class ArrayfeedTestCase(unittest.TestCase):
    """A test with its own temporary directory (the child's working directory too)."""

    maxDiff = None

    def setUp(self):
        if not ARRAYFEED.is_file():
            self.fail(f"arrayfeed binary not found at {ARRAYFEED}: build it, or set ARRAYFEED")
        self.tmp = Path(tempfile.mkdtemp(prefix="arrayfeed-e2e-"))
        self.addCleanup(shutil.rmtree, self.tmp, ignore_errors=True)

    def path(self, name):
        """A path in this test's temporary directory (as text)."""
        return str(self.tmp / name)

    def write(self, name, text):
        p = self.tmp / name
        p.write_text(text)
        return str(p)

    def save(self, name, array, **kwargs):
        """np.save of `array` to a path in this test's directory; returns the path (text)."""
        import numpy as np

        path = self.path(name)
        np.save(path, array, **kwargs)
        return path

    def marker_script(self):
        """A script that leaves a marker file as soon as its generator starts: (script, marker)."""
        marker = self.path("ran")
        src = self.write("job.py", (
            "import numpy as np\n"
            "def generate(ctx):\n"
            f"    open({marker!r}, 'w').close()\n"
            "    yield np.ones(2)\n"))
        return src, marker

    def run_refused_before_start(self, code, *args):
        """`run` of the marker script with `args`, which must end with exit `code`
        before the script starts and before any summary."""
        src, marker = self.marker_script()
        r = self.arrayfeed("run", src, *args)
        self.assertExit(r, code)
        self.assertFalse(os.path.exists(marker), f"the script ran, but the run should have stopped before it:\n{r!r}")
        self.assertNoSummary(r)
        return r

    def start(self, *args, env=None):
        # The default job caches its data under XDG_CACHE_HOME: never the user's own.
        return Process(args, self.tmp, child_env({"XDG_CACHE_HOME": self.path("cache")}) if env is None else env)

    def arrayfeed(self, *args, env=None, timeout=DEFAULT_TIMEOUT):
        return self.start(*args, env=env).wait(timeout)

    def start_mpirun(self, ranks, *args, env=None, timeout=DEFAULT_TIMEOUT):
        """arrayfeed `args` started as `ranks` ranks of one job under Open MPI's
        mpirun, whose own --timeout ends a hang first; `env` is added to the ranks' environment."""
        env = child_env({"XDG_CACHE_HOME": self.path("cache"), **MPIRUN_ENV, **(env or {})})
        launcher = [MPIRUN, "--timeout", str(timeout - 10), "-np", str(ranks)]
        return Process(args, self.tmp, env, launcher)

    def mpirun(self, ranks, *args, env=None, timeout=DEFAULT_TIMEOUT):
        return self.start_mpirun(ranks, *args, env=env, timeout=timeout).wait(timeout)

    def assertExit(self, result, code):
        self.assertEqual(result.returncode, code, f"unexpected exit code:\n{result!r}")

    def assertInStderr(self, text, result):
        self.assertIn(text, result.stderr, f"{text!r} not on stderr:\n{result!r}")

    def assertNotInStderr(self, text, result):
        self.assertNotIn(text, result.stderr, f"{text!r} unexpectedly on stderr:\n{result!r}")

    def assertStderrMatches(self, pattern, result):
        self.assertRegex(result.stderr, pattern, f"pattern not on stderr:\n{result!r}")

    def assertNoSummary(self, result):
        self.assertNotInStderr("arrayfeed summary:", result)

    def summary_line(self, result):
        """The first line of the run summary on stderr."""
        match = re.search(r"^arrayfeed summary: .*$", result.stderr, re.MULTILINE)
        self.assertIsNotNone(match, f"no run summary on stderr:\n{result!r}")
        return match.group(0)

    def metrics(self, path):
        """The --metrics file, checked for the keys every run summary has."""
        self.assertTrue(Path(path).is_file(), f"no metrics file {path}")
        m = parse_json(path)
        self.assertEqual(set(m), METRICS_KEYS, "metrics keys")
        return m

    def assertStatsClose(self, got, expected, where="", exact_count=True):
        """`got` (a result dict) against NumPy's figures; None and NaN both mean 'no value'."""
        for key in STATS_KEYS:
            g, e = got[key], expected[key]
            msg = f"{where} {key}: got {g!r}, expected {e!r}"
            if key in ("count", "nan_count"):
                self.assertIsInstance(g, int, msg)
                self.assertEqual(g, e, msg)
                continue
            if e is None or (isinstance(e, float) and e != e):
                self.assertTrue(g is None or g != g, msg)
                continue
            self.assertIsNotNone(g, msg)
            if key in ("min", "max") or e in (float("inf"), float("-inf")):
                self.assertEqual(g, e, msg)
            else:
                self.assertAlmostEqual(g, e, delta=1e-9 * max(1.0, abs(e)), msg=msg)


def numpy_stats(x, finite_as_none=False):
    """What `stats` must report for array x: NumPy's nan-functions in float64."""
    import numpy as np
    import warnings

    a = np.asarray(x, dtype=np.float64)
    nan_count = int(np.isnan(a).sum())
    valid = a.size - nan_count
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        out = {
            "count": int(a.size),
            "sum": float(np.nansum(a)),
            "mean": float(np.nanmean(a)) if valid else float("nan"),
            "std": float(np.nanstd(a)) if valid else float("nan"),
            "min": float(np.nanmin(a)) if valid else float("nan"),
            "max": float(np.nanmax(a)) if valid else float("nan"),
            "nan_count": nan_count,
        }
    if finite_as_none:  # as the .jsonl output writes them
        out = {k: (None if isinstance(v, float) and not np.isfinite(v) else v) for k, v in out.items()}
    return out

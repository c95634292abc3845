"""Shared helpers of the SDK tests: the build tree's install into a temporary
prefix, and programs run with a timeout and their output kept for the message.

ctest sets ARRAYFEED_BUILD_DIR (the build tree whose install rules are tested),
ARRAYFEED_SOURCE_DIR (the repository root) and ARRAYFEED_VERSION (the
project's). Run by hand, the defaults are the repository that holds this file
and its build/ folder.
"""

import os
import re
import shutil
import subprocess
import tempfile
import unittest
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCE_DIR = Path(os.environ.get("ARRAYFEED_SOURCE_DIR") or HERE.parents[1])
BUILD_DIR = Path(os.environ.get("ARRAYFEED_BUILD_DIR") or SOURCE_DIR / "build")

# Each step (an install, a configure, a build, a run) ends well within this,
# also cpack, whose dpkg-shlibdeps reads every library the binary links
# (Open MPI's are many) and took over 60 s beside a parallel ctest.
TIMEOUT = 180


def project_version():
    """The version the build tree was configured with (CMake's project())."""
    if os.environ.get("ARRAYFEED_VERSION"):
        return os.environ["ARRAYFEED_VERSION"]
    cache = (BUILD_DIR / "CMakeCache.txt").read_text()
    return re.search(r"^CMAKE_PROJECT_VERSION:STATIC=(.+)$", cache, re.MULTILINE).group(1)


def tool(name, package):
    """The path of a program the test needs, or a failure naming its Debian package."""
    path = shutil.which(name)
    if not path:
        raise AssertionError(f"{name} not found: apt-get install {package} (make test installs it)")
    return path


def child_env(extra=None):
    """The test's environment without what would change the embedded Python's sys.path."""
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    env.update(extra or {})
    return env


def run(args, cwd=None, env=None, expect=0):
    """Runs a program to its end; fails with its output unless it exits `expect`."""
    args = [str(a) for a in args]
    r = subprocess.run(args, cwd=cwd, env=child_env() if env is None else env, stdin=subprocess.DEVNULL,
                       capture_output=True, text=True, timeout=TIMEOUT)
    if expect is not None and r.returncode != expect:
        raise AssertionError(f"{' '.join(args)}\n  exit code {r.returncode}, expected {expect}\n"
                             f"--- stdout ---\n{r.stdout}--- stderr ---\n{r.stderr}--- end ---")
    return r


class TempDirTestCase(unittest.TestCase):
    """A test with its own temporary directory."""

    maxDiff = None

    def setUp(self):
        self.tmp = Path(tempfile.mkdtemp(prefix="arrayfeed-sdk-"))
        self.addCleanup(shutil.rmtree, self.tmp, ignore_errors=True)

    def assert_default_job_runs(self, arrayfeed, cwd):
        """`arrayfeed run` without a script runs the embedded default job to convergence."""
        r = run([arrayfeed, "run"], cwd=cwd, env=child_env({"XDG_CACHE_HOME": str(self.tmp / "cache")}))
        self.assertRegex(r.stderr, r"converged after \d+ steps")
        self.assertRegex(r.stderr, r"arrayfeed summary: \d+ arrays through 'lsq' .* ended: exhausted")

    def assert_version(self, arrayfeed):
        self.assertEqual(run([arrayfeed, "--version"]).stdout, f"arrayfeed {project_version()}\n")

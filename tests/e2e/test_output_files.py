"""--output and --metrics as files on disk: an earlier run's results survive
every end before the first result, two runs never share a file, the files
stay out of the way of closed standard streams and child processes, pipes
and full disks end cleanly, and a plugin's bool bytes are read as bools."""

import itertools
import json
import os
import resource
import signal
import subprocess
import threading
import time
import unittest
from pathlib import Path

import numpy as np

from e2e_support import ARRAYFEED, DEFAULT_TIMEOUT, ArrayfeedTestCase, child_env, parse_jsonl, plugin

EARLIER_JSONL = b'{"index": 0, "value": 1.5}\n'


def wait_for(condition, process, timeout=20):
    """Polls `condition` until it holds; fails if `process` ends or time runs out first."""
    deadline = time.monotonic() + timeout
    while not condition():
        if process.has_exited() or time.monotonic() > deadline:
            process.send_signal(signal.SIGKILL)
            raise AssertionError(f"condition not reached:\n{process.wait()!r}")
        time.sleep(0.02)


class EarlierResults(ArrayfeedTestCase):
    """Nothing before the first result may touch an earlier run's --output."""

    def earlier(self, ext):
        """An earlier run's results as `earlier.jsonl` or `earlier.npy`: (path, bytes)."""
        if ext == ".jsonl":
            return self.write("earlier.jsonl", EARLIER_JSONL.decode()), EARLIER_JSONL
        path = self.save("earlier.npy", np.arange(3.0))
        return path, Path(path).read_bytes()

    def assertUnchanged(self, path, content, result):
        self.assertEqual(Path(path).read_bytes(), content, f"the earlier results changed:\n{result!r}")

    def generator(self, before_first_yield=""):
        """A script yielding float64 arrays, running `before_first_yield` (code) first."""
        return self.write("job.py", (
            "import os, time\nimport numpy as np\n"
            "def generate(ctx):\n"
            f"    {before_first_yield or 'pass'}\n"
            "    for _ in range(3):\n"
            "        yield np.ones(3)\n"))

    def test_a_stop_during_init_keeps_the_earlier_results(self):
        src = self.generator()
        for signum, code in ((signal.SIGINT, 130), (signal.SIGTERM, 143)):
            for ext in (".jsonl", ".npy"):
                with self.subTest(signal=signum.name, ext=ext):
                    out, before = self.earlier(ext)
                    marker = self.path("init_started")
                    p = self.start("run", src, "--plugin", plugin("hangs"), "--output", out, "--set", "call=init",
                                   "--set", f"hanging={marker}", "--set", "hang_ms=700")
                    wait_for(lambda: os.path.exists(marker), p)
                    p.send_signal(signum)
                    r = p.wait()
                    os.remove(marker)
                    self.assertExit(r, code)
                    self.assertUnchanged(out, before, r)

    def test_a_failing_init_keeps_the_earlier_results(self):
        for ext in (".jsonl", ".npy"):
            with self.subTest(ext=ext):
                out, before = self.earlier(ext)
                r = self.arrayfeed("run", self.generator(), "--plugin", plugin("fails_init"), "--output", out)
                self.assertExit(r, 3)
                self.assertUnchanged(out, before, r)

    def test_a_script_error_before_the_first_yield_keeps_the_earlier_results(self):
        src = self.generator("raise RuntimeError('no data today')")
        for ext in (".jsonl", ".npy"):
            with self.subTest(ext=ext):
                out, before = self.earlier(ext)
                r = self.arrayfeed("run", src, "--output", out)
                self.assertExit(r, 1)
                self.assertInStderr("no data today", r)
                self.assertUnchanged(out, before, r)

    def test_a_refused_first_array_keeps_the_earlier_results(self):
        src = self.write("ints.py", "import numpy as np\ndef generate(ctx):\n    yield np.arange(4, dtype=np.int32)\n")
        for ext in (".jsonl", ".npy"):
            with self.subTest(ext=ext):
                out, before = self.earlier(ext)
                r = self.arrayfeed("run", src, "--output", out)
                self.assertExit(r, 1)
                self.assertInStderr("cannot read it in place", r)
                self.assertUnchanged(out, before, r)

    def test_a_kill_before_the_first_result_keeps_the_earlier_results(self):
        marker = self.path("generating")
        src = self.generator(f"open({marker!r}, 'w').close(); time.sleep(30)")
        for ext in (".jsonl", ".npy"):
            with self.subTest(ext=ext):
                out, before = self.earlier(ext)
                p = self.start("run", src, "--output", out)
                wait_for(lambda: os.path.exists(marker), p)
                p.send_signal(signal.SIGKILL)
                r = p.wait()
                os.remove(marker)
                self.assertExit(r, -signal.SIGKILL)
                self.assertUnchanged(out, before, r)

    def test_a_file_the_run_created_is_removed_when_it_ends_before_the_first_result(self):
        src = self.generator("raise RuntimeError('no data today')")
        for ext in (".jsonl", ".npy"):
            with self.subTest(ext=ext):
                out = self.path("new" + ext)
                r = self.arrayfeed("run", src, "--output", out)
                self.assertExit(r, 1)
                self.assertFalse(os.path.exists(out), f"{out} was left behind:\n{r!r}")

    def test_a_run_that_ends_well_without_results_leaves_an_empty_output(self):
        ends = {"--max-arrays 0": (self.generator(), "--max-arrays", "0"),
                "SystemExit(0)": (self.write("exits.py", "def generate(ctx):\n    raise SystemExit(0)\n    yield\n"),)}
        for (end, args), ext, earlier in itertools.product(ends.items(), (".jsonl", ".npy"), (True, False)):
            with self.subTest(end=end, ext=ext, earlier=earlier):
                out = self.earlier(ext)[0] if earlier else self.path("fresh" + ext)
                r = self.arrayfeed("run", *args, "--output", out)
                self.assertExit(r, 0)
                if ext == ".jsonl":
                    self.assertEqual(parse_jsonl(out), [])
                else:
                    self.assertEqual(np.load(out).shape, (0,))
                os.remove(out)


class TwoRuns(ArrayfeedTestCase):
    """A second run on a file another run is writing is refused before it touches it."""

    def test_a_second_run_on_the_same_output_or_metrics_is_refused(self):
        go = self.path("go")
        src = self.write("slow.py", (
            "import os, time\nimport numpy as np\n"
            "def generate(ctx):\n"
            "    yield np.ones(3)\n"
            "    deadline = time.monotonic() + 20\n"
            f"    while not os.path.exists({go!r}) and time.monotonic() < deadline:\n"
            "        time.sleep(0.02)\n"
            "    yield np.ones(3)\n"
            "    yield np.ones(3)\n"))
        out, met = self.path("out.jsonl"), self.path("m.json")
        first = self.start("run", src, "--output", out, "--metrics", met)
        wait_for(lambda: os.path.exists(out) and os.path.getsize(out) > 0, first)
        written = Path(out).read_bytes()

        second = self.arrayfeed("run", src, "--output", out)
        self.assertExit(second, 2)
        self.assertInStderr(f"--output '{out}' is being written by another run (pid {first.pid})", second)
        third = self.arrayfeed("run", src, "--output", self.path("other.jsonl"), "--metrics", met)
        self.assertExit(third, 2)
        self.assertInStderr(f"--metrics '{met}' is being written by another run (pid {first.pid})", third)
        self.assertEqual(Path(out).read_bytes(), written, "the refused runs touched the first run's results")
        self.assertFalse(os.path.exists(self.path("other.jsonl")), "the refused run left its own output behind")

        Path(go).touch()
        r = first.wait()
        self.assertExit(r, 0)
        self.assertEqual([line["index"] for line in parse_jsonl(out)], [0, 1, 2])
        self.assertEqual(self.metrics(met)["arrays"], 3)

    def test_metrics_on_the_output_file_is_refused_also_through_a_hard_link(self):
        out = self.write("out.jsonl", EARLIER_JSONL.decode())
        link = self.path("link.json")
        os.link(out, link)
        src = self.write("one.py", "import numpy as np\ndef generate(ctx):\n    yield np.ones(3)\n")
        for metrics in (out, link):
            with self.subTest(metrics=metrics):
                r = self.arrayfeed("run", src, "--output", out, "--metrics", metrics)
                self.assertExit(r, 2)
                self.assertInStderr(f"--metrics and --output are the same file '{metrics}'", r)
                self.assertEqual(Path(out).read_bytes(), EARLIER_JSONL)


class StreamsAndChildren(ArrayfeedTestCase):

    def run_with_closed(self, fds, *args):
        """arrayfeed with file descriptors `fds` closed, as `2>&-` leaves them."""
        def close():
            for fd in fds:
                os.close(fd)
        return subprocess.run([str(ARRAYFEED), *args], cwd=self.tmp, env=child_env(), preexec_fn=close,
                              stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=DEFAULT_TIMEOUT)

    def test_closed_standard_streams_never_end_up_in_the_results(self):
        src = self.write("chatty.py", (
            "import numpy as np\n"
            "def generate(ctx):\n"
            "    for k in range(3):\n"
            "        print('printed by the script', k)\n"
            "        ctx.log.info('logged by the script')\n"
            "        yield np.full(5, float(k))\n"))
        for fds in ((0,), (1,), (2,), (0, 1, 2)):
            with self.subTest(closed=fds):
                out, met = self.path("out.npy"), self.path("m.json")
                r = self.run_with_closed(fds, "run", src, "--kernel", "histogram", "--set", "lo=0",
                                         "--set", "hi=10", "--set", "bins=2", "--output", out, "--metrics", met)
                self.assertEqual(r.returncode, 0, r.stderr)
                self.assertEqual(np.load(out).tolist(), [[5, 0]] * 3)
                self.assertEqual(self.metrics(met)["arrays"], 3)

    def test_the_scripts_child_processes_do_not_inherit_the_output_files(self):
        listing = self.path("child_fds.txt")
        src = self.write("spawns.py", (
            "import os\nimport numpy as np\n"
            "def generate(ctx):\n"
            "    yield np.ones(3)\n"
            f"    os.system('ls -l /proc/self/fd > {listing}')\n"
            "    yield np.ones(3)\n"))
        out, met = self.path("out.jsonl"), self.path("m.json")
        r = self.arrayfeed("run", src, "--output", out, "--metrics", met)
        self.assertExit(r, 0)
        seen = Path(listing).read_text()
        for path in (out, met):
            self.assertNotIn(path, seen, f"a child process inherited {path}:\n{seen}")
        self.assertEqual(len(parse_jsonl(out)), 2)


class PipesAndFullDisks(ArrayfeedTestCase):

    def ones(self, count):
        return self.write("ones.py", (
            "import numpy as np\n"
            "def generate(ctx):\n"
            f"    for _ in range({count}):\n"
            "        yield np.ones(3)\n"))

    def test_a_jsonl_output_streams_into_a_fifo(self):
        fifo = self.path("stream.jsonl")
        os.mkfifo(fifo)
        received = []
        reader = threading.Thread(target=lambda: received.append(Path(fifo).read_text()), daemon=True)
        reader.start()
        r = self.arrayfeed("run", self.ones(4), "--output", fifo)
        reader.join(DEFAULT_TIMEOUT)
        self.assertExit(r, 0)
        self.assertEqual([json.loads(line)["index"] for line in received[0].splitlines()], [0, 1, 2, 3])

    def test_a_npy_output_cannot_be_a_pipe(self):
        fifo = self.path("stream.npy")
        os.mkfifo(fifo)
        r = self.arrayfeed("run", self.ones(1), "--output", fifo, timeout=20)
        self.assertExit(r, 2)
        self.assertInStderr(f"--output '{fifo}' is a pipe, but a .npy output rewrites its header", r)

    def test_ctrl_c_while_a_fifo_output_waits_for_its_reader_stops_the_run(self):
        fifo = self.path("stream.jsonl")
        os.mkfifo(fifo)
        p = self.start("run", self.ones(1), "--output", fifo)
        # Blocked in open() until a reader comes, as Linux names the wait (a
        # stop that comes before the open ends the run the same way).
        deadline = time.monotonic() + 5
        while Path(f"/proc/{p.pid}/wchan").read_text() != "wait_for_partner" and time.monotonic() < deadline:
            time.sleep(0.02)
        p.send_signal(signal.SIGINT)
        r = p.wait(timeout=20)
        self.assertExit(r, 130)

    def test_a_jsonl_line_that_does_not_fit_is_cut_back_to_the_last_whole_line(self):
        out = self.path("out.jsonl")

        def limit_file_size():
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG
            resource.setrlimit(resource.RLIMIT_FSIZE, (1000, resource.RLIM_INFINITY))

        # Output to pipes: the limit applies to every file the process writes.
        r = subprocess.run([str(ARRAYFEED), "run", self.ones(20), "--output", out], cwd=self.tmp,
                           env=child_env(), preexec_fn=limit_file_size, capture_output=True, text=True,
                           timeout=DEFAULT_TIMEOUT)
        lines = parse_jsonl(out)  # fails on a partial line
        self.assertEqual(r.returncode, 3, r.stderr)
        self.assertIn(f"writing --output file '{out}' failed: File too large", r.stderr)
        self.assertGreater(len(lines), 0)
        self.assertEqual([line["index"] for line in lines], list(range(len(lines))))

    def test_a_full_disk_leaves_only_whole_lines(self):
        disk = Path(self.path("disk"))
        disk.mkdir()
        mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(disk)],
                                 capture_output=True, timeout=10)
        if mounted.returncode != 0:
            self.skipTest("mounting a small tmpfs needs root")
        self.addCleanup(subprocess.run, ["umount", str(disk)], timeout=10)
        out = str(disk / "out.jsonl")
        r = self.arrayfeed("run", self.ones(2000), "--output", out)
        lines = parse_jsonl(out)  # fails on a partial line
        self.assertExit(r, 3)
        self.assertInStderr(f"writing --output file '{out}' failed: No space left on device", r)
        self.assertEqual([line["index"] for line in lines], list(range(len(lines))))
        self.assertGreater(len(lines), 0)

    def test_a_full_device_is_a_backend_error(self):
        out = self.path("full.jsonl")
        os.symlink("/dev/full", out)
        r = self.arrayfeed("run", self.ones(1), "--output", out)
        self.assertExit(r, 3)
        self.assertInStderr("No space left on device", r)


class PluginBools(ArrayfeedTestCase):

    def test_a_bool_byte_of_2_is_true_for_the_script_and_in_every_output(self):
        seen = self.path("seen.json")
        src = self.write("flags.py", (
            "import json\nimport numpy as np\n"
            "def generate(ctx):\n"
            "    r = yield np.ones(1)\n"
            f"    with open({seen!r}, 'w') as f:\n"
            "        json.dump({'bytes': r.view(np.uint8).tolist(), 'is_true': (r == True).tolist()}, f)\n"))
        jsonl, npy = self.path("out.jsonl"), self.path("out.npy")
        for out in (jsonl, npy):
            r = self.arrayfeed("run", src, "--plugin", plugin("bool_result"), "--output", out)
            self.assertExit(r, 0)
        self.assertEqual(json.loads(Path(seen).read_text()),
                         {"bytes": [0, 1, 1], "is_true": [False, True, True]})
        self.assertEqual(parse_jsonl(jsonl), [{"index": 0, "value": [False, True, True]}])
        self.assertEqual(np.load(npy).view(np.uint8).tolist(), [[0, 1, 1]])


if __name__ == "__main__":
    unittest.main()

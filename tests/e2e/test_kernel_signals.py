"""A kernel that hangs or crashes: a second SIGINT/SIGTERM ends a hanging call at
once (exit 130/143) naming it, serial and under --prefetch/--threads; a crash
names the kernel and the call (and, for SIGBUS, the data set) and still dies of
its signal. Results written before stay readable either way."""

import os
import resource
import signal
import time
import unittest
from pathlib import Path

from e2e_support import ArrayfeedTestCase, deliberate_crash_env, parse_jsonl, plugin, script

NUMBERED = script("numbered.py")


def setUpModule():
    # The crashes would otherwise leave core files (children inherit the limit).
    resource.setrlimit(resource.RLIMIT_CORE, (0, resource.getrlimit(resource.RLIMIT_CORE)[1]))


class KernelSignalsTestCase(ArrayfeedTestCase):

    def start_run(self, *args, src=NUMBERED, env=None):
        """Starts `run` of the script (the endless numbered one) with `args`; killed at the end of the test if still running."""
        p = self.start("run", src, *args, env=env)
        self.addCleanup(self.kill_if_running, p)
        return p

    @staticmethod
    def kill_if_running(p):
        if p.popen.returncode is None:  # not waited for
            p.send_signal(signal.SIGKILL)
            p.wait()

    def fresh_path(self, name):
        """A path in the test's directory where no file is (left by an earlier subtest)."""
        path = self.path(name)
        if os.path.exists(path):
            os.remove(path)
        return path

    def wait_for_file(self, p, path):
        deadline = time.monotonic() + 30
        while not os.path.exists(path):
            if p.has_exited() or time.monotonic() > deadline:
                if not p.has_exited():
                    p.send_signal(signal.SIGKILL)
                self.fail(f"{path} never appeared:\n{p.wait()!r}")
            time.sleep(0.01)

    def results(self, out):
        """The numbers (from 1) of the arrays whose results are in the .jsonl file (every line must be whole)."""
        return [line["index"] + 1 for line in parse_jsonl(out)]


class SecondSignal(KernelSignalsTestCase):

    def hang_and_signal_twice(self, signum, *args, src=NUMBERED):
        """A run of the `hangs` plugin with `args`: once it hangs, one signal (which
        must not end it: the call is still running), then a second. Returns the result."""
        hanging = self.fresh_path("hanging")
        p = self.start_run("--plugin", plugin("hangs"), "--set", f"hanging={hanging}", *args, src=src)
        self.wait_for_file(p, hanging)
        p.send_signal(signum)
        time.sleep(0.3)  # apart, so the two are not merged into one pending signal
        if p.has_exited():
            self.fail(f"the first signal ended the run at once:\n{p.wait()!r}")
        p.send_signal(signum)
        return p.wait(timeout=10)

    def check_ended(self, r, code, call):
        self.assertExit(r, code)
        self.assertInStderr(f"warning: stopping once kernel 'hangs' returns from {call}; a second ", r)
        self.assertInStderr(f"error: kernel 'hangs' does not return from {call}", r)
        self.assertInStderr(f"a second {signal.Signals(code - 128).name} ends arrayfeed at once", r)

    def test_a_hanging_process_on_the_main_thread(self):
        out = self.path("out.jsonl")
        for signum in (signal.SIGINT, signal.SIGTERM):
            with self.subTest(signal=signum.name):
                r = self.hang_and_signal_twice(signum, "--set", "fail_at=3", "--output", out)
                self.check_ended(r, 128 + signum, "process of array #3")
                self.assertEqual(self.results(out), [1, 2])

    def test_a_hanging_process_on_a_worker_thread(self):
        out = self.path("out.jsonl")
        for option, signum in (("--prefetch", signal.SIGTERM), ("--threads", signal.SIGINT)):
            with self.subTest(option=option):
                r = self.hang_and_signal_twice(signum, "--set", "fail_at=3", "--output", out, option, "2")
                self.check_ended(r, 128 + signum, "process of array #3")
                self.assertNotInStderr("array #4", r)  # waiting for its turn is no call
                # On several workers the calls of a kernel that is not thread-safe
                # take turns in no fixed order: array 3 may take its turn before
                # array 2, which then never runs. What ran before the hang is kept.
                kept = ([1, 2],) if option == "--prefetch" else ([1], [1, 2])
                self.assertIn(self.results(out), kept)

    def test_a_hanging_init(self):
        out = self.path("out.jsonl")
        r = self.hang_and_signal_twice(signal.SIGTERM, "--set", "call=init", "--output", out)
        self.check_ended(r, 143, "init")
        # Ended at once, the run cannot remove the file it created: it holds no result.
        self.assertEqual(self.results(out) if os.path.exists(out) else [], [])

    def test_a_hanging_finish_after_the_last_array(self):
        out = self.path("out.jsonl")
        for extra in ([], ["--prefetch", "2"]):
            with self.subTest(options=extra):
                r = self.hang_and_signal_twice(signal.SIGINT, "--set", "call=finish", "--max-arrays", "2",
                                               "--output", out, *extra)
                self.check_ended(r, 130, "finish")
                self.assertEqual(self.results(out), [1, 2])

    def test_a_script_that_sets_its_own_sigint_handler(self):
        src = self.write("own_handler.py", (
            "import asyncio, signal\nimport numpy as np\n"
            "async def nothing():\n"
            "    pass\n"
            "def generate(ctx):\n"
            "    signal.signal(signal.SIGINT, signal.default_int_handler)\n"
            "    asyncio.run(nothing())  # sets a SIGINT handler of its own, then puts Python's back\n"
            "    for n in range(1, 1000):\n"
            "        yield np.full(3, float(n))\n"))
        out = self.path("out.jsonl")
        r = self.hang_and_signal_twice(signal.SIGINT, "--set", "fail_at=3", "--output", out, src=src)
        self.check_ended(r, 130, "process of array #3")
        self.assertEqual(self.results(out), [1, 2])


class StopDuringInit(KernelSignalsTestCase):

    def test_one_signal_during_a_long_init_ends_the_run_after_it(self):
        out = self.path("out.jsonl")
        for signum, reason in ((signal.SIGINT, "interrupted (SIGINT)"), (signal.SIGTERM, "terminated (SIGTERM)")):
            with self.subTest(signal=signum.name):
                Path(out).write_text('{"index": 0, "earlier": true}\n')
                hanging = self.fresh_path("hanging")
                p = self.start_run("--plugin", plugin("hangs"), "--set", "call=init", "--set", "hang_ms=1500",
                                   "--set", f"hanging={hanging}", "--output", out)
                self.wait_for_file(p, hanging)
                p.send_signal(signum)
                r = p.wait(timeout=20)
                self.assertExit(r, 128 + signum)
                self.assertIn(f"0 arrays through 'hangs'", self.summary_line(r))
                self.assertIn(f"ended: {reason}", self.summary_line(r))
                self.assertInStderr("kernel       arrays=0", r)  # finish ran
                self.assertEqual(Path(out).read_text(), '{"index": 0, "earlier": true}\n',
                                 "an earlier run's results are kept: no result was written")


class Crash(KernelSignalsTestCase):

    def start_run(self, *args, src=NUMBERED):
        return super().start_run(*args, src=src, env=deliberate_crash_env())

    def test_a_segfault_in_process_names_the_kernel_and_the_array(self):
        out = self.path("out.jsonl")
        for extra in ([], ["--threads", "2"]):
            with self.subTest(options=extra):
                r = self.start_run("--plugin", plugin("crashes"), "--set", "fail_at=2", "--output", out,
                                   *extra).wait()
                self.assertEqual(r.returncode, -signal.SIGSEGV, repr(r))
                self.assertInStderr("error: kernel 'crashes' crashed in process of array #2 (SIGSEGV, an "
                                    "invalid memory access); the results already written stay", r)
                # Under --threads a result is written when the main thread collects it,
                # which the crash may come before.
                self.assertIn(self.results(out), ([1], [] if extra else [1]))

    def test_a_stack_overflow_on_a_worker_thread(self):
        r = self.start_run("--plugin", plugin("crashes"), "--set", "crash_with=overflow", "--set", "fail_at=2",
                           "--prefetch", "1").wait()
        self.assertEqual(r.returncode, -signal.SIGSEGV, repr(r))
        self.assertInStderr("error: kernel 'crashes' crashed in process of array #2 (SIGSEGV", r)

    def test_each_fatal_signal_in_each_call(self):
        cases = (("fpe", signal.SIGFPE, "init"), ("ill", signal.SIGILL, "finish"),
                 ("abort", signal.SIGABRT, "process"), ("overflow", signal.SIGSEGV, "process"))
        for crash_with, signum, call in cases:
            with self.subTest(crash_with=crash_with):
                r = self.start_run("--plugin", plugin("crashes"), "--set", f"crash_with={crash_with}",
                                   "--set", f"call={call}", "--set", "fail_at=1", "--max-arrays", "2").wait()
                self.assertEqual(r.returncode, -signum, repr(r))
                shown = "process of array #1" if call == "process" else call
                self.assertInStderr(f"error: kernel 'crashes' crashed in {shown} ({signum.name}", r)

    def test_python_faulthandler_still_reports(self):
        src = self.write("with_faulthandler.py", (
            "import faulthandler\nimport numpy as np\n"
            "faulthandler.enable()\n"
            "def generate(ctx):\n"
            "    for n in range(1, 1000):\n"
            "        yield np.full(3, float(n))\n"))
        r = self.arrayfeed("run", src, "--plugin", plugin("crashes"), "--set", "fail_at=2", env=deliberate_crash_env())
        self.assertEqual(r.returncode, -signal.SIGSEGV, repr(r))
        self.assertInStderr("error: kernel 'crashes' crashed in process of array #2 (SIGSEGV", r)
        self.assertInStderr("Fatal Python error: Segmentation fault", r)

    def test_a_data_set_truncated_during_the_run(self):
        import numpy as np

        table = self.save("table.npy", np.ones(1 << 18))
        src = self.write("truncates.py", (
            "import os\nimport numpy as np\n"
            "def generate(ctx):\n"
            "    yield np.ones(3)\n"
            "    os.truncate(ctx.params['table'], 0)  # as another process might\n"
            "    yield np.ones(3)\n"))
        out = self.path("out.jsonl")
        r = self.arrayfeed("run", src, "--plugin", plugin("reads_data"), "--data", f"table={table}",
                           "--set", f"table={table}", "--output", out, env=deliberate_crash_env())
        self.assertEqual(r.returncode, -signal.SIGBUS, repr(r))
        self.assertInStderr(f"error: kernel 'reads_data' crashed in process of array #2 (SIGBUS, a bus error) "
                            f"reading data set 'table' ({table}): its file was truncated or changed during the run", r)
        self.assertEqual([line["data_sum"] for line in parse_jsonl(out)], [1 << 18])


if __name__ == "__main__":
    unittest.main()

"""Early ends: --max-arrays, SIGINT and SIGTERM. The generator is closed (its
finally: runs), the exit code says why, and the results file stays readable."""

import os
import signal
import time
import unittest

from e2e_support import ArrayfeedTestCase, parse_jsonl, parse_jsonl_after_kill, script

FOREVER = script("forever.py")


class MaxArrays(ArrayfeedTestCase):

    def test_max_arrays_stops_and_closes_the_generator(self):
        out, met, fin = self.path("out.jsonl"), self.path("m.json"), self.path("finally.txt")
        r = self.arrayfeed("run", FOREVER, "--set", f"finally={fin}", "--max-arrays", "4",
                           "--output", out, "--metrics", met)
        self.assertExit(r, 0)
        self.assertTrue(os.path.exists(fin), f"finally: did not run:\n{r!r}")
        with open(fin) as f:
            self.assertEqual(f.read(), "3", "results received before close: 3 (the 4th is never sent)")
        self.assertEqual([line["index"] for line in parse_jsonl(out)], [0, 1, 2, 3])
        m = self.metrics(met)
        self.assertEqual((m["arrays"], m["end_reason"], m["exit_code"]), (4, "max_arrays", 0))
        self.assertRegex(self.summary_line(r), r"^arrayfeed summary: 4 arrays through 'stats' .*ended: max-arrays reached")

    def test_max_arrays_zero_processes_nothing(self):
        out, met, fin = self.path("out.jsonl"), self.path("m.json"), self.path("finally.txt")
        r = self.arrayfeed("run", FOREVER, "--set", f"finally={fin}", "--max-arrays", "0",
                           "--output", out, "--metrics", met)
        self.assertExit(r, 0)
        self.assertEqual(parse_jsonl(out), [])
        self.assertEqual(self.metrics(met)["arrays"], 0)

    def test_max_arrays_larger_than_the_script_ends_exhausted(self):
        met = self.path("m.json")
        r = self.arrayfeed("run", script("plain_iterable.py"), "--max-arrays", "10", "--metrics", met)
        self.assertExit(r, 0)
        m = self.metrics(met)
        self.assertEqual((m["arrays"], m["end_reason"]), (2, "exhausted"))


class Signals(ArrayfeedTestCase):

    def test_a_handler_the_script_sets_runs_at_the_next_resumption(self):
        # The host asks Python for pending signals only now and then; the
        # generator's own bytecode runs a handler the script set at once.
        src = self.write("own_handler.py", (
            "import os, signal\n"
            "import numpy as np\n"
            "seen = []\n"
            "def generate(ctx):\n"
            "    x = np.zeros(1)\n"
            "    signal.signal(signal.SIGUSR1, lambda *a: seen.append(i))\n"
            "    for i in range(200):\n"
            "        if i == 10:\n"
            "            os.kill(os.getpid(), signal.SIGUSR1)\n"
            "        yield x\n"
            "    ctx.log.warning(f'handler ran at {seen}')\n"))
        r = self.arrayfeed("run", src, "--kernel", "nop", "--quiet")
        self.assertExit(r, 0)
        self.assertInStderr("handler ran at [10]", r)

    def interrupt(self, signum, sleep=None, wait_after_start=0.2):
        """Starts the endless script, signals it once it runs, returns (result, out, met, fin)."""
        out, met = self.path("out.jsonl"), self.path("m.json")
        fin, started = self.path("finally.txt"), self.path("started")
        args = ["run", FOREVER, "--set", f"finally={fin}", "--set", f"started={started}",
                "--output", out, "--metrics", met]
        if sleep is not None:
            args += ["--set", f"sleep={sleep}"]
        p = self.start(*args)
        deadline = time.monotonic() + 30
        while not os.path.exists(started):
            if time.monotonic() > deadline:
                p.send_signal(signal.SIGKILL)
            if time.monotonic() > deadline or p.has_exited():
                self.fail(f"the script never started:\n{p.wait()!r}")
            time.sleep(0.01)
        time.sleep(wait_after_start)
        sent = time.monotonic()
        p.send_signal(signum)
        r = p.wait(timeout=30)
        self.assertLess(time.monotonic() - sent, 10, "the stop was not prompt")
        return r, out, met, fin

    def check_graceful(self, r, out, met, fin, code, reason):
        self.assertExit(r, code)
        self.assertTrue(os.path.exists(fin), f"the generator's finally: did not run:\n{r!r}")
        lines = parse_jsonl(out)  # readable to the last line
        self.assertGreaterEqual(len(lines), 3)
        self.assertEqual([line["index"] for line in lines], list(range(len(lines))))
        self.assertTrue(all(line["count"] == 1000 for line in lines))
        m = self.metrics(met)
        self.assertEqual(m["arrays"], len(lines), "every processed array was written")
        self.assertEqual((m["end_reason"], m["exit_code"]), (reason.split()[0], code))
        self.assertIn(f"ended: {reason}", self.summary_line(r))
        self.assertNotInStderr("Traceback", r)

    def test_sigint_while_the_script_sleeps(self):
        r, out, met, fin = self.interrupt(signal.SIGINT, sleep=0.02)
        self.check_graceful(r, out, met, fin, 130, "interrupted (SIGINT)")

    def test_sigint_while_busy(self):
        r, out, met, fin = self.interrupt(signal.SIGINT)
        self.check_graceful(r, out, met, fin, 130, "interrupted (SIGINT)")

    def test_sigint_during_a_long_sleep_is_prompt(self):
        r, out, met, fin = self.interrupt(signal.SIGINT, sleep=60, wait_after_start=0.1)
        self.check_graceful(r, out, met, fin, 130, "interrupted (SIGINT)")
        self.assertLess(r.seconds, 20)

    def test_sigterm_while_the_script_sleeps(self):
        r, out, met, fin = self.interrupt(signal.SIGTERM, sleep=0.02)
        self.check_graceful(r, out, met, fin, 143, "terminated (SIGTERM)")

    def test_sigterm_while_busy(self):
        r, out, met, fin = self.interrupt(signal.SIGTERM)
        self.check_graceful(r, out, met, fin, 143, "terminated (SIGTERM)")

    def test_sigkill_leaves_every_written_result_readable(self):
        r, out, met, fin = self.interrupt(signal.SIGKILL)
        self.assertEqual(r.returncode, -signal.SIGKILL, repr(r))
        lines = parse_jsonl_after_kill(out)  # whole lines, but for one the kill may have cut
        self.assertGreaterEqual(len(lines), 3)
        self.assertEqual([line["index"] for line in lines], list(range(len(lines))))

    def test_signal_while_the_script_is_being_imported(self):
        started = self.path("importing")
        src = self.write("slow_import.py", (
            "import time\nimport numpy as np\n"
            f"open({started!r}, 'w').close()\n"
            "time.sleep(60)\n"
            "def generate(ctx):\n"
            "    yield np.ones(2)\n"))
        for signum, code in ((signal.SIGINT, 130), (signal.SIGTERM, 143)):
            with self.subTest(signal=signum.name):
                if os.path.exists(started):
                    os.remove(started)
                p = self.start("run", src)
                deadline = time.monotonic() + 30
                while not os.path.exists(started) and not p.has_exited() and time.monotonic() < deadline:
                    time.sleep(0.01)
                p.send_signal(signum)
                r = p.wait(timeout=30)
                self.assertExit(r, code)
                self.assertLess(r.seconds, 30, "the stop was not prompt")
                self.assertNotInStderr("Traceback", r)

    def test_a_script_thread_still_running_at_the_end_is_named_while_waited_for(self):
        src = self.write("lingering.py", (
            "import threading, time\nimport numpy as np\n"
            "def generate(ctx):\n"
            "    threading.Thread(target=time.sleep, args=(0.5,), name='slow-writer').start()\n"
            "    yield np.ones(2)\n"))
        r = self.arrayfeed("run", src, "--quiet")
        self.assertExit(r, 0)
        self.assertInStderr("waiting for the script's threads to end: slow-writer", r)


    def cleanup_script(self, finally_body):
        return self.write("cleanup.py", (
            "import sys\nimport numpy as np\n"
            "def generate(ctx):\n"
            "    try:\n"
            "        while True:\n"
            "            yield np.ones(2)\n"
            "    finally:\n"
            f"        {finally_body}\n"))

    def test_a_failing_clean_up_fails_the_run_after_the_summary(self):
        out = self.path("out.jsonl")
        r = self.arrayfeed("run", self.cleanup_script("raise RuntimeError('cannot release the device')"),
                           "--max-arrays", "2", "--output", out)
        self.assertExit(r, 1)
        self.assertInStderr("the generator's clean-up (close) failed", r)
        self.assertInStderr("RuntimeError: cannot release the device", r)
        self.assertIn("2 arrays", self.summary_line(r))
        self.assertEqual(len(parse_jsonl(out)), 2)

    def test_system_exit_in_the_clean_up_gives_its_code(self):
        r = self.arrayfeed("run", self.cleanup_script("sys.exit(4)"), "--max-arrays", "2")
        self.assertExit(r, 4)
        self.assertIn("2 arrays", self.summary_line(r))

    def test_a_clean_up_failing_after_an_error_is_logged_and_the_first_error_counts(self):
        src = self.write("two_errors.py", (
            "import numpy as np\n"
            "def generate(ctx):\n"
            "    try:\n"
            "        yield np.ones(2, dtype=np.int8)\n"
            "    finally:\n"
            "        raise RuntimeError('second problem')\n"))
        r = self.arrayfeed("run", src)
        self.assertExit(r, 1)
        self.assertInStderr("kernel 'stats' cannot read it in place", r)
        self.assertInStderr("while ending after an error", r)
        self.assertInStderr("RuntimeError: second problem", r)

    def test_a_generator_that_ignores_close_is_a_script_error_not_a_crash(self):
        src = self.write("stubborn.py", (
            "import numpy as np\n"
            "def generate(ctx):\n"
            "    while True:\n"
            "        try:\n"
            "            yield np.ones(2)\n"
            "        except GeneratorExit:\n"
            "            pass\n"))
        r = self.arrayfeed("run", src, "--max-arrays", "2")
        self.assertExit(r, 1)
        self.assertInStderr("RuntimeError: generator ignored GeneratorExit", r)
        self.assertIn("2 arrays", self.summary_line(r))

if __name__ == "__main__":
    unittest.main()

"""How a run under --prefetch/--threads ends and what it keeps: a kernel's
stop request belongs to the array that made it, finished results reach the
output while the script runs on (so a killed run keeps them), and a worker
thread the system refuses is a clear error, not an abort."""

import os
import re
import resource
import signal
import subprocess
import time
import unittest

from e2e_support import (ARRAYFEED, DEFAULT_TIMEOUT, ArrayfeedTestCase, built_with_sanitizer, child_env, parse_jsonl,
                         plugin, script)

FEED = script("prefetch_feed.py")


class KernelStop(ArrayfeedTestCase):
    """parallel_probe returns each array's value (0, 1, ...) and asks to stop on stop_at=3, the 4th array."""

    def stopped_run(self, *flags):
        out, met, fin = self.path("out.jsonl"), self.path("m.json"), self.path("fin")
        r = self.arrayfeed("run", FEED, "--plugin", plugin("parallel_probe"), "--set", "count=-1", "--set", "size=4",
                           "--set", "delay_us=20000", "--set", "stop_at=3", "--set", f"finally={fin}",
                           "--output", out, "--metrics", met, *flags)
        self.assertExit(r, 0)
        m = self.metrics(met)
        self.assertEqual([line["value"] for line in parse_jsonl(out)], [0.0, 1.0, 2.0, 3.0])
        self.assertEqual((m["arrays"], m["end_reason"]), (4, "kernel_stop"))
        with open(fin) as f:
            yielded = int(f.read()) + 1  # the last yield never returned: the generator was closed there
        return r, m["kernel_summary"]["calls"], yielded

    def assertDroppedReported(self, r, yielded):
        dropped = re.findall(r"asked to stop at array #4: the (\d+) array\(s\) yielded after it were dropped \(not processed",
                             r.stderr)
        self.assertEqual([int(n) for n in dropped], [yielded - 4] if yielded > 4 else [], r)

    def test_under_prefetch_no_array_after_the_one_that_asked_is_processed(self):
        r, calls, yielded = self.stopped_run("--prefetch", "3")
        self.assertEqual(calls, 4, "the kernel ran on arrays after the one that asked to stop")
        # The window (4) filled while the 20 ms calls ran: arrays after the 4th
        # were in flight when it asked (5 to 7, unless the host was slow).
        self.assertGreater(yielded, 4, "no array was in flight after the 4th: the test shows nothing")
        self.assertDroppedReported(r, yielded)

    def test_under_threads_the_results_after_the_one_that_asked_are_not_written(self):
        for flags in (["--threads", "4"], ["--threads", "3", "--prefetch", "2"]):
            with self.subTest(flags=flags):
                r, calls, yielded = self.stopped_run(*flags)
                # Calls running beside the 4th when it asked finish; none starts after it.
                self.assertGreaterEqual(calls, 4)
                self.assertLessEqual(calls, yielded)
                self.assertDroppedReported(r, yielded)


class ResultsAsSoonAsDone(ArrayfeedTestCase):

    def test_a_killed_run_keeps_every_result_finished_before_the_script_last_ran(self):
        # The script takes 0.5 s per array, the kernel 20 ms, the window is 5:
        # the window never fills, yet each result must be written as soon as
        # the main thread gets control after it is done.
        for suffix in ("jsonl", "npy"):
            with self.subTest(output=suffix):
                out, started = self.path(f"out.{suffix}"), self.path(f"started-{suffix}")
                p = self.start("run", FEED, "--plugin", plugin("parallel_probe"), "--set", "count=-1",
                               "--set", "size=4", "--set", "delay_us=20000", "--set", "pace=0.5",
                               "--set", f"started={started}", "--set", "started_after=4", "--prefetch", "4",
                               "--output", out)
                deadline = time.monotonic() + 30
                while not os.path.exists(started) and not p.has_exited() and time.monotonic() < deadline:
                    time.sleep(0.01)
                p.send_signal(signal.SIGKILL)
                r = p.wait(timeout=30)
                self.assertEqual(r.returncode, -signal.SIGKILL, r)
                # Yield #4 has returned: results 1 to 3 were done and collected before it.
                if suffix == "jsonl":
                    values = [line["value"] for line in parse_jsonl(out)]
                else:
                    import numpy as np
                    values = [float(v) for v in np.load(out)]
                self.assertGreaterEqual(len(values), 3, f"only {len(values)} results on disk:\n{r!r}")
                self.assertEqual(values, [float(k) for k in range(len(values))])


def limited_address_space(kb):
    """A preexec_fn: the child's address space (RLIMIT_AS) limited to `kb` KiB."""
    def apply():
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        resource.setrlimit(resource.RLIMIT_AS, (kb * 1024, kb * 1024))
    return apply


class RefusedWorkerThread(ArrayfeedTestCase):

    @unittest.skipIf(built_with_sanitizer(), "sanitizers cannot run with a limited address space")
    def test_a_worker_thread_the_system_refuses_is_a_clear_error(self):
        src, report = script("address_space.py"), self.path("vm")
        r = self.arrayfeed("run", src, "--kernel", "nop", "--prefetch", "1", "--set", f"report={report}")
        self.assertExit(r, 0)
        with open(report) as f:
            one_worker_kb = int(f.read())
        # Room for the run with one worker and a few more: each worker's stack
        # takes 8 MB or more of address space, so 64 workers cannot all start.
        r = subprocess.run([str(ARRAYFEED), "run", src, "--kernel", "nop", "--prefetch", "1", "--threads", "64"], cwd=self.tmp, env=child_env(), stdin=subprocess.DEVNULL,
                           capture_output=True, text=True, timeout=DEFAULT_TIMEOUT,
                           preexec_fn=limited_address_space(one_worker_kb + 32 * 1024))
        self.assertEqual(r.returncode, 3, r.stderr)
        self.assertRegex(r.stderr, r"error: could not start kernel worker thread \d+ of 64 \(.+\): the system's "
                                   r"limit on threads or memory is reached; run with fewer --threads")
        self.assertIn("arrayfeed summary: 0 arrays through 'nop'", r.stderr)


if __name__ == "__main__":
    unittest.main()

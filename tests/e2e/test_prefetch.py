"""--prefetch and --threads: the generator runs ahead of the kernel, results
stay in order, an array in flight is read-only to the script, a kernel that
is not thread-safe is called one call at a time, and every early end still
writes what was computed."""

import os
import signal
import time
import unittest

from e2e_support import ArrayfeedTestCase, parse_jsonl, plugin, script

FEED = script("prefetch_feed.py")


class Prefetch(ArrayfeedTestCase):

    def feed(self, *args, code=0):
        out, met = self.path("out.jsonl"), self.path("m.json")
        r = self.arrayfeed("run", FEED, "--output", out, "--metrics", met, *args)
        self.assertExit(r, code)
        return r, parse_jsonl(out) if os.path.exists(out) else None, self.metrics(met)

    def assertMeansInOrder(self, lines, n):
        self.assertEqual([line["index"] for line in lines], list(range(n)))
        self.assertEqual([line["mean"] for line in lines], [float(k) for k in range(n)])

    def test_results_keep_their_order_and_yield_returns_none(self):
        for flags in (["--prefetch", "1"], ["--prefetch", "3"], ["--prefetch", "2", "--threads", "3"]):
            with self.subTest(flags=flags):
                r, lines, m = self.feed("--set", "count=50", *flags)
                self.assertMeansInOrder(lines, 50)
                self.assertEqual((m["arrays"], m["copies"]), (50, 0))

    def test_a_pool_of_prefetch_plus_threads_buffers_is_enough(self):
        for flags, buffers in ((["--prefetch", "2"], 3), (["--prefetch", "1", "--threads", "2"], 3)):
            with self.subTest(flags=flags):
                r, lines, m = self.feed("--set", "count=200", "--set", f"buffers={buffers}", *flags)
                self.assertMeansInOrder(lines, 200)  # no result saw a later write

    def test_writing_into_an_array_in_flight_fails_clearly(self):
        for mode in ("", "view"):
            with self.subTest(mode=mode or "the array itself"):
                r, lines, m = self.feed("--set", "count=50", "--set", "buffers=2", "--set", f"mode={mode}",
                                        "--prefetch", "2", code=1)
                self.assertInStderr("ValueError: assignment destination is read-only", r)
                self.assertInStderr("hint: with --prefetch/--threads an array is read-only", r)
                self.assertMeansInOrder(lines, len(lines))  # what was computed before is kept

    def test_a_buffer_that_cannot_be_made_read_only_is_refused(self):
        r, lines, m = self.feed("--set", "mode=bytes", "--prefetch", "2", "--kernel", "nop", code=1)
        self.assertInStderr("yield #1 at ", r)
        self.assertInStderr("its memory belongs to a bytearray, which cannot be made read-only meanwhile", r)
        self.assertIsNone(lines, "no result came, so the output file the run created is removed")

    def test_a_script_error_keeps_the_results_in_flight(self):
        fin = self.path("fin")
        r, lines, m = self.feed("--set", "raise_at=7", "--set", f"finally={fin}", "--prefetch", "4", code=1)
        self.assertInStderr("ValueError: failing before array 7", r)
        self.assertMeansInOrder(lines, 7)
        self.assertEqual(m["arrays"], 7)

    def test_max_arrays_under_prefetch(self):
        r, lines, m = self.feed("--set", "count=-1", "--max-arrays", "9", "--prefetch", "3")
        self.assertMeansInOrder(lines, 9)
        self.assertEqual(m["end_reason"], "max_arrays")

    def test_a_kernel_failure_keeps_the_results_before_it(self):
        fin = self.path("fin")
        r, lines, m = self.feed("--plugin", str(plugin("fails_process")), "--set", "fail_at=5",
                                "--set", f"finally={fin}", "--prefetch", "3", code=3)
        self.assertInStderr("failed on array #5: status 1: value out of range in array 5", r)
        self.assertEqual([line["array"] for line in lines], [1, 2, 3, 4])
        self.assertTrue(os.path.exists(fin), "the generator was not closed")

    def test_sigint_under_prefetch_stops_cleanly_and_writes_what_was_in_flight(self):
        out, met, fin, started = self.path("out.jsonl"), self.path("m.json"), self.path("fin"), self.path("go")
        p = self.start("run", FEED, "--set", "count=-1", "--set", f"finally={fin}", "--set", f"started={started}",
                       "--prefetch", "2", "--output", out, "--metrics", met)
        deadline = time.monotonic() + 30
        while not os.path.exists(started) and not p.has_exited() and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(0.2)
        p.send_signal(signal.SIGINT)
        r = p.wait(timeout=30)
        self.assertExit(r, 130)
        self.assertTrue(os.path.exists(fin), "the generator's finally: did not run")
        lines = parse_jsonl(out)
        self.assertGreater(len(lines), 3)
        self.assertMeansInOrder(lines, len(lines))
        self.assertEqual(self.metrics(met)["arrays"], len(lines))


class Threads(ArrayfeedTestCase):

    def probe(self, name, *args):
        out, met = self.path("out.jsonl"), self.path("m.json")
        r = self.arrayfeed("run", FEED, "--plugin", str(plugin(name)), "--set", "count=24", "--set", "size=4",
                           "--output", out, "--metrics", met, *args)
        self.assertExit(r, 0)
        lines = parse_jsonl(out)
        self.assertEqual([line["value"] for line in lines], [float(k) for k in range(24)])
        return r, self.metrics(met)["kernel_summary"]["max_concurrent"]

    def test_a_thread_safe_kernel_runs_on_several_threads_results_in_order(self):
        r, most = self.probe("parallel_probe", "--threads", "4")
        self.assertGreater(most, 1)

    def test_a_kernel_that_is_not_thread_safe_is_called_one_at_a_time(self):
        r, most = self.probe("serial_probe", "--threads", "4")
        self.assertEqual(most, 1)
        self.assertInStderr("is not thread-safe: the 4 threads call it one at a time", r)

    def test_the_scripts_own_threads_run_while_the_host_waits_for_the_kernel(self):
        report = self.path("report")
        r = self.arrayfeed("run", script("busy_thread.py"), "--plugin", str(plugin("serial_probe")),
                           "--set", "delay_us=20000", "--set", f"report={report}", "--prefetch", "2")
        self.assertExit(r, 0)
        with open(report) as f:
            count, seconds = f.read().split()
        # 12 calls of 20 ms: the thread, waking every 0.5 ms, counts hundreds
        # of times unless the waiting host holds the GIL.
        self.assertGreater(float(seconds), 0.2)
        self.assertGreater(int(count), 100, f"the script's thread starved: {count} counts in {seconds} s")

    def test_bad_counts_are_usage_errors(self):
        for flag, value in (("--threads", "0"), ("--prefetch", "-1"), ("--threads", "many")):
            with self.subTest(flag=flag, value=value):
                r = self.arrayfeed("run", FEED, flag, value)
                self.assertExit(r, 2)


if __name__ == "__main__":
    unittest.main()

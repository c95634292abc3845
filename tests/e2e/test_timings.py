"""--timings PATH.npy: one row per array, streamed and kill-safe like
--output's .npy, the same figures as --metrics; and `arrayfeed plot` on it."""

import os
import signal
import time
from pathlib import Path

import numpy as np

from e2e_support import ArrayfeedTestCase, script

TIMINGS_DTYPE = np.dtype([("index", "<u8"), ("yielded_s", "<f8"), ("script_s", "<f8"), ("host_s", "<f8"),
                          ("kernel_s", "<f8"), ("latency_s", "<f8")])
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def rows_so_far(path):
    """The rows numpy.load reads now, or None before the file exists."""
    try:
        return np.load(path)
    except FileNotFoundError:
        return None


class Timings(ArrayfeedTestCase):
    def run_timed(self, *args, count=30):
        """`count` paced arrays with --timings and --metrics: (result, rows, metrics)."""
        timings, met = self.path("t.npy"), self.path("m.json")
        r = self.arrayfeed("run", script("paced.py"), "--set", f"count={count}", "--set", "pause=0.002",
                           "--timings", timings, "--metrics", met, *args)
        self.assertExit(r, 0)
        return r, np.load(timings), self.metrics(met)

    def assertRowsOfEachArray(self, rows, arrays):
        self.assertEqual(rows.dtype, TIMINGS_DTYPE)
        self.assertEqual(rows.shape, (arrays,))
        self.assertEqual(rows["index"].tolist(), list(range(arrays)))
        self.assertTrue(np.all(np.diff(rows["yielded_s"]) >= 0), "yielded_s goes back in time")
        for field in TIMINGS_DTYPE.names[1:]:
            self.assertTrue(np.all(rows[field] >= 0), f"a negative {field}")
        np.testing.assert_allclose(rows["host_s"] + rows["kernel_s"], rows["latency_s"], rtol=1e-9, atol=1e-12)

    def test_one_row_per_array_with_the_figures_of_the_summary(self):
        _, rows, m = self.run_timed()
        self.assertRowsOfEachArray(rows, 30)
        self.assertAlmostEqual(rows["script_s"].sum(), m["script_seconds"], delta=1e-6)
        self.assertAlmostEqual(rows["kernel_s"].sum(), m["kernel_seconds"], delta=1e-6)
        self.assertAlmostEqual(rows["latency_s"].max() * 1e6, m["latency_max_us"], delta=1e-3)
        # The arrays are 2 ms apart, and the last is yielded before the loop ends.
        self.assertGreater(rows["yielded_s"][-1], 29 * 0.002)
        self.assertLess(rows["yielded_s"][-1], m["wall_seconds"])

    def test_under_prefetch_and_threads_too(self):
        for args in (("--prefetch", "3"), ("--threads", "2")):
            with self.subTest(args=args):
                _, rows, m = self.run_timed(*args, "--max-arrays", "25")
                self.assertRowsOfEachArray(rows, 25)
                self.assertAlmostEqual(rows["kernel_s"].sum(), m["kernel_seconds"], delta=1e-6)

    def test_a_killed_run_leaves_a_loadable_file_with_the_rows_so_far(self):
        timings = self.path("t.npy")
        p = self.start("run", script("paced.py"), "--set", "count=100000", "--set", "pause=0.005",
                       "--timings", timings)
        deadline = time.monotonic() + 20
        while (rows := rows_so_far(timings)) is None or len(rows) < 5:
            if p.has_exited():
                self.fail(f"the run ended early:\n{p.wait()!r}")
            self.assertLess(time.monotonic(), deadline, "no 5 rows within 20 s")
            time.sleep(0.02)
        p.send_signal(signal.SIGKILL)
        r = p.wait()
        self.assertExit(r, -signal.SIGKILL)
        rows = np.load(timings)
        self.assertGreaterEqual(len(rows), 5)
        self.assertRowsOfEachArray(rows, len(rows))

    def test_a_path_that_is_not_npy_or_cannot_be_written_is_refused_before_the_run(self):
        r = self.run_refused_before_start(2, "--timings", self.path("t.csv"))
        self.assertInStderr(f"--timings '{self.path('t.csv')}': the timings are a .npy table", r)
        self.assertInStderr("give a name ending in .npy", r)
        missing = self.path("no/t.npy")
        r = self.run_refused_before_start(2, "--timings", missing)
        output = self.run_refused_before_start(2, "--output", self.path("no/o.npy"))
        self.assertInStderr(f"cannot create --timings file '{missing}': No such file or directory", r)
        self.assertInStderr(f"cannot create --output file '{self.path('no/o.npy')}': No such file or directory", output)

    def test_a_config_file_sets_it_too(self):
        config = self.write("run.toml", 'timings = "from-config.npy"\nmax-arrays = 3\n')
        r = self.arrayfeed("run", script("numbered.py"), "--config", config)
        self.assertExit(r, 0)
        self.assertEqual(np.load(self.path("from-config.npy"))["index"].tolist(), [0, 1, 2])

    def test_plot_draws_the_file_as_a_png(self):
        self.run_timed(count=60)
        r = self.arrayfeed("plot", "t.npy")
        self.assertExit(r, 0)
        self.assertRegex(r.stdout, r"^wrote t\.png: 60 arrays over [\d.]+ m?s\n$")
        png = Path(self.path("t.png")).read_bytes()
        self.assertEqual(png[:8], PNG_SIGNATURE)
        self.assertGreater(len(png), 20_000)
        r = self.arrayfeed("plot", "t.npy", "--out", "other.png")
        self.assertExit(r, 0)
        self.assertTrue(r.stdout.startswith("wrote other.png: 60 arrays"), r)
        self.assertEqual(Path(self.path("other.png")).read_bytes()[:8], PNG_SIGNATURE)

    def test_plot_refuses_what_it_cannot_draw_with_a_message_and_no_traceback(self):
        self.save("plain.npy", np.arange(4.0))
        self.write("text.npy", "not numpy\n")
        self.run_timed(count=3)
        cases = {("missing.npy",): "missing.npy",
                 ("plain.npy",): "plain.npy holds a plain float64 array",
                 ("text.npy",): "text.npy is not a .npy file",
                 ("t.npy", "--out", "t.jpg"): "--out t.jpg: the plot is a PNG",
                 ("t.npy", "--out", "no/t.png"): "the folder"}
        for args, message in cases.items():
            with self.subTest(args=args):
                r = self.arrayfeed("plot", *args)
                self.assertExit(r, 2)
                self.assertInStderr(message, r)
                self.assertNotInStderr("Traceback", r)
                self.assertFalse(os.path.exists(self.path("plain.png")))


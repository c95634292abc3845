"""Array results in --output files: a .npy that NumPy reads after every row,
even after kill -9, and .jsonl with arrays as lists. The kernel is the example
plugin, whose results are arrays the shape of each input."""

import os
import signal
import sys
import time
import unittest

import numpy as np

from e2e_support import EXAMPLE_PLUGIN, ArrayfeedTestCase, parse_jsonl, script

sys.path.insert(0, os.path.dirname(script("lookup_stream.py")))
from lookup_stream import row  # noqa: E402  the rows the script yields, for the expected results

STREAM = script("lookup_stream.py")
POINTS = 4097


class ArrayResults(ArrayfeedTestCase):

    def setUp(self):
        super().setUp()
        self.grid = np.linspace(0, 1, POINTS)
        table = np.cos(3 * self.grid) + self.grid ** 2
        self.table = self.path("table.npy")
        np.save(self.table, table)
        self.lookup = lambda x: np.interp(x, self.grid, table)

    def run_args(self, output, *params):
        args = ["run", STREAM, "--plugin", str(EXAMPLE_PLUGIN), "--data", f"table={self.table}",
                "--output", output]
        for p in params:
            args += ["--set", p]
        return args

    def assert_rows(self, rows, width=1000):
        for k, got in enumerate(rows):
            np.testing.assert_allclose(got, self.lookup(row(k, width)), rtol=1e-12, atol=1e-15,
                                       err_msg=f"row {k}")

    def test_a_killed_run_leaves_a_npy_numpy_loads_with_every_row(self):
        out, received = self.path("out.npy"), self.tmp / "received"
        p = self.start(*self.run_args(out, f"received={received}"))
        deadline = time.monotonic() + 30
        while not (received.exists() and int(received.read_text() or 0) >= 50):
            if time.monotonic() > deadline or p.has_exited():
                p.send_signal(signal.SIGKILL)
                self.fail(f"results never flowed:\n{p.wait()!r}")
            time.sleep(0.005)
        p.send_signal(signal.SIGKILL)
        r = p.wait()
        self.assertEqual(r.returncode, -signal.SIGKILL, repr(r))
        for mode in (None, "r"):
            rows = np.load(out, mmap_mode=mode)
            self.assertGreaterEqual(rows.shape[0], 50)
            self.assertEqual((rows.dtype, rows.shape[1:]), (np.float64, (1000,)))
            self.assert_rows(rows)

    def test_a_complete_run_writes_one_row_per_array(self):
        out = self.path("out.npy")
        r = self.arrayfeed(*self.run_args(out, "count=7", "width=33"))
        self.assertExit(r, 0)
        rows = np.load(out)
        self.assertEqual(rows.shape, (7, 33))
        self.assert_rows(rows, width=33)

    def test_a_result_of_another_shape_fails_and_keeps_the_rows_before(self):
        out = self.path("out.npy")
        r = self.arrayfeed(*self.run_args(out, "count=6", "width=10", "odd_at=4"))
        self.assertExit(r, 3)
        self.assertInStderr("use a .jsonl output", r)
        rows = np.load(out)
        self.assertEqual(rows.shape, (4, 10))
        self.assert_rows(rows, width=10)

    def test_jsonl_holds_arrays_as_lists(self):
        out = self.path("out.jsonl")
        r = self.arrayfeed(*self.run_args(out, "count=3", "width=5", "odd_at=1"))
        self.assertExit(r, 0)
        lines = parse_jsonl(out)
        self.assertEqual([line["index"] for line in lines], [0, 1, 2])
        for k, line in enumerate(lines):
            np.testing.assert_allclose(line["value"], self.lookup(row(k, 4 if k == 1 else 5)), rtol=1e-15)


if __name__ == "__main__":
    unittest.main()

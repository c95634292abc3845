"""--data NAME=PATH: .npy files mapped once, read-only, shared by ctx.data and
the kernel; every way a data set can be wrong is exit 3 (2 for NAME=PATH
itself), before the script runs or any output is written."""

import json
import os
import unittest

import numpy as np

from e2e_support import ArrayfeedTestCase, script

REPORT = script("data_report.py")


class DataSets(ArrayfeedTestCase):

    def report(self, *data_args, extra=()):
        report = self.path("report.json")
        r = self.arrayfeed("run", REPORT, "--set", f"report={report}", *data_args, *extra)
        self.assertExit(r, 0)
        with open(report) as f:
            return json.load(f)

    def test_ctx_data_holds_each_set_read_only_with_its_values(self):
        a = np.arange(12, dtype=np.float32).reshape(3, 4)
        b = np.array([[1 + 2j]], dtype=np.complex128)
        seen = self.report("--data", f"a={self.save('a.npy', a)}", "--data", f"b={self.save('b.npy', b)}")
        self.assertEqual(seen["a"], {**seen["a"], "dtype": "float32", "shape": [3, 4], "writeable": False,
                                     "type": "ndarray", "sum": float(a.sum())})
        self.assertEqual((seen["b"]["dtype"], seen["b"]["shape"]), ("complex128", [1, 1]))

    def test_data_sets_from_a_config_file(self):
        path = self.save("a.npy", np.ones(5))
        config = self.write("job.toml", f'data = ["ones={path}", "again={path}"]\n')
        seen = self.report(extra=("--config", config))
        self.assertEqual(sorted(seen), ["again", "ones"])
        self.assertEqual(seen["ones"]["sum"], 5.0)

    def test_empty_and_fortran_ordered_sets_load(self):
        seen = self.report("--data", f"e={self.save('e.npy', np.zeros((0, 3)))}",
                           "--data", f"f={self.save('f.npy', np.asfortranarray(np.ones((3, 2))))}")
        self.assertEqual((seen["e"]["shape"], seen["f"]["shape"]), ([0, 3], [3, 2]))

    def test_a_big_set_is_mapped_not_read(self):
        big = self.save("big.npy", np.zeros((64, 1024, 1024), dtype=np.uint8))  # 64 MiB of zeros
        r = self.arrayfeed("run", REPORT, "--set", f"report={self.path('r.json')}", "--data", f"big={big}",
                           "--kernel", "nop")
        self.assertExit(r, 0)
        # np.sum reads every page once, so RSS grows by the file's size at most; a copy would double it.
        self.assertLess(r.maxrss_kb, 64 * 1024 + 200 * 1024, r)

    def refused(self, data_arg, *text):
        out = self.path("out.jsonl")
        src, marker = self.marker_script()
        r = self.arrayfeed("run", src, "--data", data_arg, "--output", out)
        self.assertExit(r, 3)
        for t in text:
            self.assertInStderr(t, r)
        self.assertFalse((self.tmp / "ran").exists(), "the script ran despite a bad data set")
        self.assertFalse((self.tmp / "out.jsonl").exists(), "the output was created despite a bad data set")
        return r

    def test_missing_file(self):
        self.refused("x=nowhere.npy", "data set 'x' ('nowhere.npy')", "no such file")

    def test_directory(self):
        self.refused(f"x={self.tmp}", "is a directory")

    def test_pipe_or_device(self):
        os.mkfifo(self.path("fifo.npy"))  # no writer: opening it would wait for ever
        for path in (self.path("fifo.npy"), "/dev/zero"):
            with self.subTest(path):
                self.refused(f"x={path}", "not a regular file", "np.save")

    def test_truncated_file(self):
        whole = self.save("whole.npy", np.arange(1000, dtype=np.float32))
        cut = self.path("cut.npy")
        with open(whole, "rb") as f, open(cut, "wb") as g:
            g.write(f.read()[:500])
        self.refused(f"x={cut}", "truncated", "shape (1000,)", "the file has 500 bytes")

    def test_a_header_promising_more_bytes_than_a_64_bit_count_holds(self):
        path = self.path("huge.npy")
        shape = (2**62, 2**62)
        with open(path, "wb") as f:
            np.lib.format.write_array_header_1_0(f, {"descr": "<f8", "fortran_order": False, "shape": shape})
            f.write(bytes(64))
        r = self.refused(f"x={path}", "truncated", f"shape {shape}")
        self.assertNotInStderr("Warning", r)

    def test_not_npy(self):
        self.refused(f"x={self.write('junk.npy', 'hello')}", "not a readable .npy file", "np.save")

    def test_corrupt_header(self):
        path = self.path("bad.npy")
        with open(path, "wb") as f:
            f.write(b"\x93NUMPY\x01\x00\x20\x00{'descr': '<f8', 'shape': (3,  \n")
        self.refused(f"x={path}", "not a readable .npy file")

    def test_npz_archive(self):
        path = self.path("z.npz")
        np.savez(path, a=np.zeros(3))
        self.refused(f"x={path}", ".npz archives")

    def test_unsupported_dtypes(self):
        for name, array in [("obj", np.array([{}, 1], dtype=object)), ("rec", np.zeros(2, "f4,i4")),
                            ("str", np.array(["a", "b"])), ("date", np.zeros(2, "datetime64[s]"))]:
            with self.subTest(name):
                path = self.save(f"{name}.npy", array, allow_pickle=True)
                self.refused(f"x={path}", "is not supported", "numbers or booleans")

    def test_name_given_twice(self):
        a, b = self.save("a.npy", np.ones(2)), self.save("b.npy", np.ones(3))
        out = self.path("out.jsonl")
        r = self.arrayfeed("run", REPORT, "--data", f"x={a}", "--data", f"x={b}", "--output", out)
        self.assertExit(r, 3)
        self.assertInStderr("data set 'x' is given twice", r)

    def test_output_or_metrics_on_a_data_set_file_is_refused_and_the_data_kept(self):
        path = self.save("a.npy", np.arange(100_000.0))
        before = open(path, "rb").read()
        os.symlink(path, self.path("link.npy"))
        for flag, target in (("--output", path), ("--metrics", self.path("link.npy"))):
            with self.subTest(flag):
                r = self.run_refused_before_start(2, "--data", f"x={path}", flag, target)
                self.assertInStderr(f"{flag} '{target}' is the file of data set 'x'", r)
                self.assertEqual(open(path, "rb").read(), before, "the data set was overwritten")
        r = self.arrayfeed("check", REPORT, "--data", f"x={path}", "--output", path)
        self.assertExit(r, 2)

    def test_malformed_name_path_is_a_usage_error(self):
        for arg in ("a.npy", "=a.npy"):
            with self.subTest(arg):
                r = self.arrayfeed("run", REPORT, "--data", arg)
                self.assertExit(r, 2)
                self.assertInStderr("expected NAME=PATH", r)

    def test_check_reports_the_sets(self):
        path = self.save("a.npy", np.ones((2, 7), dtype=np.int16))
        r = self.arrayfeed("check", REPORT, "--data", f"table={path}")
        self.assertExit(r, 0)
        self.assertIn("data set 'table': int16 (2, 7)", r.stdout)
        bad = self.arrayfeed("check", REPORT, "--data", "table=missing.npy")
        self.assertExit(bad, 3)


if __name__ == "__main__":
    unittest.main()

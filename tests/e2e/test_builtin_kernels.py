"""The built-in kernels matvec, lsq and histogram through the built binary, on
.npy data sets, against NumPy: results sent back into the generator, streamed
to --output, and in the run summary.

Tolerances (README, Kernels): matvec sums in float64 for either dtype, so
each element agrees with NumPy's float64 result on the same data within
1e-12 x the sum of the absolute terms, plus one float32 rounding (1e-7
relative) for a float32 result. lsq does too on float64 data (its loss within
1e-12 relative); on float32 data it sums blocks of 64 rows in float32 first:
5e-6 x the sum of the absolute terms, the loss within 1e-5 relative. histogram
counts equal np.histogram's exactly, and its sums of weights equal
np.histogram's with the weights in float64 exactly."""

import os
import unittest

import numpy as np

from e2e_support import ArrayfeedTestCase, Process, parse_jsonl, script

REPLAY = script("replay.py")
SUM_RTOL = 1e-12    # x the sum of the absolute terms
FLOAT32_RTOL = 1e-7  # one float32 rounding of the result
LSQ_FLOAT32_SUM_RTOL, LSQ_FLOAT32_LOSS_RTOL = 5e-6, 1e-5


def rounding(dtype):
    return FLOAT32_RTOL if dtype == np.float32 else 0.0


class BuiltinKernelCase(ArrayfeedTestCase):

    def replay(self, inputs, *args, code=0, weights=None):
        """Runs replay.py on `inputs` (with `weights`, {i: weights of inputs[i]})
        with `args`: (Result, {key: what yield returned})."""
        arrays, record = self.path("inputs.npz"), self.path("record.npz")
        np.savez(arrays, *inputs, **{f"weights_{i}": w for i, w in (weights or {}).items()})
        r = self.arrayfeed("run", REPLAY, "--set", f"inputs={arrays}", "--set", f"record={record}", *args)
        self.assertExit(r, code)
        with np.load(record) as z:
            return r, {key: z[key] for key in z.files}

    def assertWithin(self, got, expected, bound, what):
        """|got - expected| <= bound, element by element, with the shapes and dtype checked by the caller."""
        excess = np.abs(got.astype(np.float64) - expected) - bound
        self.assertTrue(np.all(excess <= 0), f"{what}: off by more than the bound at {np.argwhere(excess > 0)}:"
                                             f"\n got {got}\n expected {expected}\n bound {bound}")


class Matvec(BuiltinKernelCase):

    D, K = 5, 7

    def setUp(self):
        super().setUp()
        self.rng = np.random.default_rng(3)

    def matrix(self, dtype):
        a = self.save(f"A-{np.dtype(dtype).name}.npy", self.rng.standard_normal((self.K, self.D)).astype(dtype))
        return np.load(a), a

    def assertProducts(self, got, a, x, what):
        """got == a @ x row by row (x: (d,) or (m, d)), within the stated tolerance."""
        a64, x64 = a.astype(np.float64), x.astype(np.float64)
        expected = x64 @ a64.T
        self.assertEqual((got.dtype, got.shape), (a.dtype, expected.shape), what)
        bound = SUM_RTOL * (np.abs(x64) @ np.abs(a64).T) + rounding(a.dtype) * np.abs(expected)
        self.assertWithin(got, expected, bound, what)

    def test_vectors_and_rows_come_back_as_a_times_x(self):
        for dtype in (np.float32, np.float64):
            with self.subTest(dtype=np.dtype(dtype).name):
                a, path = self.matrix(dtype)
                inputs = [self.rng.standard_normal(self.D).astype(dtype),
                          self.rng.standard_normal((3, self.D)).astype(dtype) * 1e3,
                          self.rng.standard_normal((1, self.D)).astype(dtype),
                          np.zeros((0, self.D), dtype=dtype)]
                _, back = self.replay(inputs, "--kernel", "matvec", "--data", f"A={path}")
                self.assertEqual(sorted(back), [f"r{i}" for i in range(len(inputs))])
                for i, x in enumerate(inputs):
                    self.assertProducts(back[f"r{i}"], a, x, f"array #{i + 1}, shape {x.shape}")

    def test_results_stream_to_npy_rows(self):
        for dtype, shape in ((np.float32, (self.D,)), (np.float64, (4, self.D))):
            with self.subTest(dtype=np.dtype(dtype).name, shape=shape):
                a, path = self.matrix(dtype)
                inputs = [self.rng.standard_normal(shape).astype(dtype) for _ in range(6)]
                out = self.path("out.npy")
                _, back = self.replay(inputs, "--kernel", "matvec", "--data", f"A={path}", "--output", out)
                rows = np.load(out)
                self.assertEqual((rows.dtype, rows.shape), (a.dtype, (6, *shape[:-1], self.K)))
                for i, x in enumerate(inputs):
                    self.assertProducts(rows[i], a, x, f"row {i}")
                    np.testing.assert_array_equal(rows[i], back[f"r{i}"], f"row {i} differs from what came back")

    def test_results_fed_back_and_kept_after_the_run_stay_valid(self):
        q, _ = np.linalg.qr(self.rng.standard_normal((self.D, self.D)))
        a = 0.999 * q  # keeps |x| near 1 over many steps
        record, steps = self.path("record.npz"), 3000
        r = self.arrayfeed("run", script("feed_back.py"), "--kernel", "matvec",
                           "--data", f"A={self.save('A.npy', a)}", "--set", f"record={record}",
                           "--set", f"steps={steps}", "--set", f"d={self.D}")
        self.assertExit(r, 0)
        with np.load(record) as z:
            kept = {int(key[1:]): z[key] for key in z.files if key.startswith("r")}
            self.assertEqual(float(z["sum.A"]), a.sum())
        self.assertEqual(sorted(kept), [k for k in range(steps) if k % 3 != 1 or k == steps - 1])
        self.assertProducts(kept[0], a, np.ones(self.D), "result 0")
        for k in kept:
            if k + 1 in kept:
                self.assertProducts(kept[k + 1], a, kept[k], f"result {k + 1}")

    def test_a_wrong_last_dimension_or_dtype_is_refused_naming_the_dimension(self):
        _, path = self.matrix(np.float32)
        cases = {"last dimension": (np.ones((2, self.D + 1), dtype=np.float32), f"x.shape[-1] == {self.D}"),
                 "dtype": (np.ones(self.D, dtype=np.float64), "x.astype(np.float32)"),
                 "0-d": (np.float32(1.0), f"x.reshape(-1, {self.D})"),
                 "3-d": (np.ones((2, 3, self.D), dtype=np.float32), f"x.reshape(-1, {self.D})")}
        for case, (bad, fix) in cases.items():
            with self.subTest(case):
                r, back = self.replay([np.ones(self.D, dtype=np.float32), bad], "--kernel", "matvec",
                                      "--data", f"A={path}", code=1)
                self.assertInStderr("yield #2 at ", r)
                self.assertInStderr("kernel 'matvec' cannot read it in place", r)
                self.assertInStderr(f"expected: float32, 1-d to 2-d, last dimension {self.D}, C-contiguous", r)
                self.assertInStderr(fix, r)
                self.assertEqual(sorted(back), ["r0"], "the result before the refused array came back")


class Lsq(BuiltinKernelCase):

    N, D = 200, 4

    def test_loss_and_gradient_match_numpy_and_go_to_jsonl(self):
        rng = np.random.default_rng(5)
        for dtype in (np.float32, np.float64):
            with self.subTest(dtype=np.dtype(dtype).name):
                x = (rng.standard_normal((self.N, self.D)) * [1, 10, 0.1, 3]).astype(dtype)
                y = (x.astype(np.float64) @ [1, -2, 3, 0.5] + rng.normal(0, 0.1, self.N)).astype(dtype)
                weights = [np.zeros(self.D, dtype), np.array([1, -2, 3, 0.5], dtype),
                           rng.standard_normal(self.D).astype(dtype) * 100]
                out = self.path("out.jsonl")
                _, back = self.replay(weights, "--kernel", "lsq", "--data", f"X={self.save('X.npy', x)}",
                                      "--data", f"y={self.save('y.npy', y)}", "--output", out)
                lines = parse_jsonl(out)
                self.assertEqual([line["index"] for line in lines], list(range(len(weights))))
                x64, y64 = x.astype(np.float64), y.astype(np.float64)
                for i, (w, line) in enumerate(zip(weights, lines)):
                    residual = x64 @ w.astype(np.float64) - y64
                    loss = np.mean(residual ** 2)
                    grad = 2 / self.N * x64.T @ residual
                    sum_rtol = LSQ_FLOAT32_SUM_RTOL if dtype == np.float32 else SUM_RTOL
                    loss_rtol = LSQ_FLOAT32_LOSS_RTOL if dtype == np.float32 else SUM_RTOL
                    bound = (sum_rtol * 2 / self.N * np.abs(x64).T @ np.abs(residual) +
                             rounding(dtype) * np.abs(grad))
                    self.assertEqual(sorted(line), ["grad", "index", "loss"])
                    for where, got_loss, got_grad in (("jsonl", line["loss"], np.array(line["grad"])),
                                                      ("sent back", back[f"r{i}.loss"], back[f"r{i}.grad"])):
                        what = f"w #{i + 1} ({where})"
                        self.assertAlmostEqual(float(got_loss), loss, delta=loss_rtol * loss, msg=what)
                        self.assertEqual(got_grad.shape, (self.D,), what)
                        self.assertWithin(got_grad, grad, bound, what)
                    self.assertEqual(back[f"r{i}.grad"].dtype, dtype)


    @unittest.skipUnless(len(os.sched_getaffinity(0)) >= 2, "needs two cores to compare with one")
    def test_results_are_the_same_on_one_core_and_on_several(self):
        # 40,000 x 16 float32 is 3 chunks of rows, summed in chunk order whichever thread took which.
        rng = np.random.default_rng(8)
        x = rng.standard_normal((40_000, 16), dtype=np.float32)
        y = (x @ np.arange(16, dtype=np.float32) + rng.standard_normal(40_000, dtype=np.float32))
        weights = [rng.standard_normal(16).astype(np.float32) for _ in range(3)]
        np.savez(self.path("inputs.npz"), *weights)
        results = {}
        for cores in ("0", ",".join(map(str, sorted(os.sched_getaffinity(0))))):
            args = ["run", REPLAY, "--set", f"inputs={self.path('inputs.npz')}", "--set",
                    f"record={self.path('record.npz')}", "--kernel", "lsq", "--data", f"X={self.save('X.npy', x)}",
                    "--data", f"y={self.save('y.npy', y)}", "--output", self.path(f"on-{len(cores)}.jsonl"),
                    "--log-level", "debug"]
            r = Process(args, self.tmp, launcher=["taskset", "-c", cores]).wait()
            self.assertExit(r, 0)
            threads = 1 if cores == "0" else len(os.sched_getaffinity(0))
            self.assertInStderr(f"in 3 chunks of up to 16384 rows, on {threads} thread(s)", r)
            results[cores] = parse_jsonl(self.path(f"on-{len(cores)}.jsonl"))
        alone, together = results.values()
        self.assertEqual(alone, together)

class Histogram(BuiltinKernelCase):

    def test_counts_per_array_and_totals_match_np_histogram(self):
        rng = np.random.default_rng(9)
        lo, hi, bins = -1.5, 2.0, 7
        edges = np.linspace(lo, hi, bins + 1)
        on_edges = np.concatenate([edges, np.nextafter(edges, -np.inf), np.nextafter(edges, np.inf)])
        inputs = [rng.uniform(-2, 2.5, 10_000),
                  rng.uniform(-2, 2.5, (30, 40)).astype(np.float32),
                  on_edges, on_edges.astype(np.float32),
                  np.array([np.nan, np.inf, -np.inf, lo, hi, np.nan]),
                  np.float32(0.25), np.empty((0, 3))]
        out, met = self.path("out.npy"), self.path("m.json")
        _, back = self.replay(inputs, "--kernel", "histogram", "--set", f"lo={lo}", "--set", f"hi={hi}",
                              "--set", f"bins={bins}", "--output", out, "--metrics", met)
        rows = np.load(out)
        self.assertEqual((rows.dtype, rows.shape), (np.int64, (len(inputs), bins)))
        for i, x in enumerate(inputs):
            expected = np.histogram(x, bins, range=(lo, hi))[0]
            np.testing.assert_array_equal(rows[i], expected, f"array #{i + 1}, {x.dtype} {x.shape}")
            np.testing.assert_array_equal(back[f"r{i}"], expected, f"array #{i + 1} sent back")

        values = np.concatenate([np.ravel(x).astype(np.float64) for x in inputs])
        summary = self.metrics(met)["kernel_summary"]
        self.assertEqual(summary, {"counts": rows.sum(axis=0).tolist(),
                                   "below": int(np.sum(values < lo)), "above": int(np.sum(values > hi)),
                                   "nan": int(np.sum(np.isnan(values)))})

    def test_sums_of_weights_equal_np_histogram_with_the_weights_in_float64(self):
        rng = np.random.default_rng(10)
        lo, hi, bins = -1.0, 3.0, 9
        edges = np.linspace(lo, hi, bins + 1)
        on_edges = np.concatenate([edges, np.nextafter(edges, -np.inf), np.nextafter(edges, np.inf), [np.nan]])
        # 200,001 values cross NumPy's 65,536-value blocks, whose order of addition the sums follow.
        many = rng.uniform(-1.5, 3.5, 200_001)
        many[::11] = np.nan
        inputs = [many, many.astype(np.float32), on_edges, on_edges.astype(np.float32), np.empty((2, 0))]
        odd_weights = rng.standard_normal(on_edges.size) * 1e6
        odd_weights[[1, 4]] = np.nan, np.inf
        weights = {0: rng.standard_normal(many.size), 1: rng.exponential(size=many.size).astype(np.float32),
                   2: odd_weights.astype(np.float32), 3: odd_weights, 4: np.empty((2, 0), np.float32)}
        out, met = self.path("out.npy"), self.path("m.json")
        _, back = self.replay(inputs, "--kernel", "histogram", "--set", f"lo={lo}", "--set", f"hi={hi}",
                              "--set", f"bins={bins}", "--output", out, "--metrics", met, weights=weights)
        rows = np.load(out)
        self.assertEqual((rows.dtype, rows.shape), (np.float64, (len(inputs), bins)))
        for i, x in enumerate(inputs):
            w = weights[i]
            expected = np.histogram(x, bins, range=(lo, hi), weights=w.astype(np.float64))[0]
            what = f"array #{i + 1}, {x.dtype} x, {w.dtype} weights"
            np.testing.assert_array_equal(rows[i], expected, what)
            np.testing.assert_array_equal(back[f"r{i}"], expected, f"{what}, sent back")
            # NumPy's own sums of float32 weights are float32, rounded block by block: ours are the float64 ones.
            self.assertEqual(np.histogram(x, bins, range=(lo, hi), weights=w)[0].dtype, w.dtype)

        summary = self.metrics(met)["kernel_summary"]
        counts = sum(np.histogram(x, bins, range=(lo, hi))[0] for x in inputs)
        self.assertEqual(summary["counts"], counts.tolist())
        totals = rows.sum(axis=0)  # NaN and inf in one bin: null in strict JSON
        self.assertEqual(summary["weighted"], [v if np.isfinite(v) else None for v in totals.tolist()])

    def test_steps_with_and_without_weights_total_bin_by_bin(self):
        rng = np.random.default_rng(11)
        inputs = [rng.uniform(0, 1, 1000), rng.uniform(0, 1, 500).astype(np.float32), rng.uniform(0, 1, 700)]
        weights = {1: rng.uniform(0, 2, 500).astype(np.float32)}
        met = self.path("m.json")
        _, back = self.replay(inputs, "--kernel", "histogram", "--set", "lo=0", "--set", "hi=1", "--metrics", met,
                              weights=weights)
        counts = [np.histogram(x, 10, range=(0, 1))[0] for x in inputs]
        sums = np.histogram(inputs[1], 10, range=(0, 1), weights=weights[1].astype(np.float64))[0]
        for i, expected in enumerate([counts[0], sums, counts[2]]):
            self.assertEqual(back[f"r{i}"].dtype, expected.dtype, f"array #{i + 1}: counts without weights")
            np.testing.assert_array_equal(back[f"r{i}"], expected, f"array #{i + 1}")
        summary = self.metrics(met)["kernel_summary"]
        self.assertEqual(summary["counts"], sum(counts).tolist())
        # Each step's result added in order, the first weighted step's to the counts before it.
        self.assertEqual(summary["weighted"], ((counts[0] + sums) + counts[2]).tolist())

    def test_weights_are_refused_before_the_kernel_naming_them(self):
        cases = [("np.ones(4)", "kernel 'histogram' needs input 'weights' in the shape of input 'x'\n"
                                "  expected: weights of shape (3,), as x\n"
                                "  got:      weights of shape (4,), x of shape (3,)\n"
                                "  fix:      give weights one value per value of x (the same shape)"),
                 ("np.ones(3, np.int32)", "kernel 'histogram' cannot read input 'weights' in place\n"
                                          "  expected: float32 or float64, any shape, C-contiguous\n"
                                          "  got:      int32 (<i4), shape (3,), strides (4,), C-contiguous\n"
                                          "  fix:      weights.astype(np.float64)"),
                 ("np.ones(6)[::2]", "kernel 'histogram' cannot read input 'weights' in place\n"
                                     "  expected: float32 or float64, any shape, C-contiguous\n"
                                     "  got:      float64 (<f8), shape (3,), strides (16,), not contiguous\n"
                                     "  fix:      np.ascontiguousarray(weights)")]
        for weights, message in cases:
            with self.subTest(weights=weights):
                src = self.write("bad_weights.py", (
                    "import numpy as np\n"
                    "def generate(ctx):\n"
                    "    yield np.zeros(3)\n"
                    f"    yield {{'x': np.zeros(3), 'weights': {weights}}}\n"))
                out = self.path("out.jsonl")
                r = self.arrayfeed("run", src, "--kernel", "histogram", "--set", "lo=0", "--set", "hi=1",
                                   "--output", out)
                self.assertExit(r, 1)
                self.assertInStderr(f"yield #2 at {src}:4: {message}", r)
                self.assertEqual(len(parse_jsonl(out)), 1, "the first array's counts are kept")

    def test_check_and_kernels_list_both_inputs(self):
        r = self.arrayfeed("kernels")
        self.assertExit(r, 0)
        both = ("inputs:\n      x: float32 or float64, any shape, C-contiguous\n"
                "      weights (optional, shape of x): float32 or float64, any shape, C-contiguous\n")
        self.assertIn("histogram\n    counts (or sums of weights)", r.stdout)
        self.assertIn(both, r.stdout)
        r = self.arrayfeed("check", REPLAY, "--kernel", "histogram", "--set", "lo=0", "--set", "hi=1")
        self.assertExit(r, 0)
        self.assertIn("kernel 'histogram', " + both, r.stdout)

    def test_a_missing_lo_or_hi_is_named(self):
        for given, missing in (("hi=1", "lo"), ("lo=0", "hi")):
            with self.subTest(missing=missing):
                src, marker = self.marker_script()
                r = self.arrayfeed("run", src, "--kernel", "histogram", "--set", given)
                self.assertExit(r, 3)
                self.assertFalse(os.path.exists(marker), "the generator started after a failed init")
                self.assertInStderr(f"kernel 'histogram' failed to initialise: parameter '{missing}' is missing", r)

    def test_more_bins_than_memory_holds_are_named_with_the_fix(self):
        # 2^40 bins need 48 TB for edges, totals, counts and sums; 2^62 more than any address space.
        for bins in (2**40, 2**62):
            with self.subTest(bins=bins):
                src, marker = self.marker_script()
                r = self.arrayfeed("run", src, "--kernel", "histogram", "--set", "lo=0", "--set", "hi=1",
                                   "--set", f"bins={bins}")
                self.assertExit(r, 3)
                self.assertFalse(os.path.exists(marker), "the generator started after a failed init")
                self.assertInStderr(f"kernel 'histogram' failed to initialise: parameter 'bins' is {bins}: "
                                    "more bins than memory holds; use fewer, e.g. --set bins=1000", r)

    def test_a_failed_init_leaves_an_earlier_runs_results_alone(self):
        src, marker = self.marker_script()
        for name in ("out.jsonl", "out.npy"):
            with self.subTest(output=name):
                earlier = self.write(name, "results of an earlier run\n")
                r = self.arrayfeed("run", src, "--kernel", "histogram", "--output", earlier)
                self.assertExit(r, 3)
                with open(earlier) as f:
                    self.assertEqual(f.read(), "results of an earlier run\n")
        r = self.arrayfeed("run", src, "--kernel", "histogram", "--output", self.path("no/such/folder/out.jsonl"))
        self.assertExit(r, 2)
        self.assertInStderr("cannot create --output file", r)


if __name__ == "__main__":
    unittest.main()

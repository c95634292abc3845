"""Successful runs: results sent back and written, stats equal NumPy's,
metrics and the summary."""

import json
import os
import unittest

import numpy as np

from e2e_support import STATS_KEYS, ArrayfeedTestCase, numpy_stats, parse_jsonl, script


def load_record(prefix):
    with np.load(prefix + ".npz") as z:
        arrays = [z[f"arr_{i}"] for i in range(len(z.files))]
    with open(prefix + ".json") as f:
        results = json.load(f)
    return arrays, results


class StatsResults(ArrayfeedTestCase):
    """`stats` on random arrays: what comes back from yield and what --output holds."""

    def run_record(self, which, *extra):
        prefix = self.path("record")
        out = self.path("results.jsonl")
        r = self.arrayfeed("run", script("record_stats.py"), "--kernel", "stats", "--set", f"record={prefix}",
                           "--set", f"set={which}", "--output", out, *extra)
        self.assertExit(r, 0)
        arrays, results = load_record(prefix)
        self.assertGreater(len(arrays), 0)
        self.assertEqual(len(results), len(arrays), "one result sent back per array")
        return r, arrays, results, parse_jsonl(out)

    def test_sent_back_results_equal_numpy_nan_functions(self):
        _, arrays, results, _ = self.run_record("mixed")
        for i, (x, got) in enumerate(zip(arrays, results)):
            with self.subTest(array=i, dtype=str(x.dtype), shape=x.shape):
                self.assertIsInstance(got, dict)
                self.assertEqual(list(got), STATS_KEYS, "result keys, in order")
                self.assertEqual(got["count"][1], "int")
                self.assertEqual(got["nan_count"][1], "int")
                for key in ("sum", "mean", "std", "min", "max"):
                    self.assertEqual(got[key][1], "float", key)
                values = {k: v[0] for k, v in got.items()}
                self.assertStatsClose(values, numpy_stats(x), f"array {i}")

    def test_float32_and_float64_both_read(self):
        for which, dtype in (("float32", np.float32), ("float64", np.float64)):
            with self.subTest(which=which):
                _, arrays, results, lines = self.run_record(which)
                self.assertTrue(all(a.dtype == dtype for a in arrays))
                for i, (x, got) in enumerate(zip(arrays, results)):
                    self.assertStatsClose({k: v[0] for k, v in got.items()}, numpy_stats(x), f"#{i}")
                self.assertEqual(len(lines), len(arrays))

    def test_output_jsonl_has_one_line_per_array_with_nulls_for_non_finite(self):
        _, arrays, _, lines = self.run_record("mixed")
        self.assertEqual(len(lines), len(arrays))
        for i, (x, line) in enumerate(zip(arrays, lines)):
            with self.subTest(line=i):
                self.assertEqual(list(line), ["index"] + STATS_KEYS)
                self.assertEqual(line["index"], i)
                self.assertStatsClose(line, numpy_stats(x, finite_as_none=True), f"line {i}")
        nan_only = [line for x, line in zip(arrays, lines) if np.isnan(x).all()]
        self.assertEqual(len(nan_only), 1)
        self.assertEqual(nan_only[0]["nan_count"], 7)
        self.assertEqual(nan_only[0]["sum"], 0)
        for key in ("mean", "std", "min", "max"):
            self.assertIsNone(nan_only[0][key], key)

    def test_large_mean_small_spread_keeps_std_accurate(self):
        _, arrays, results, _ = self.run_record("offsets")
        x = arrays[0]
        std = results[0]["std"][0]
        self.assertAlmostEqual(std, float(np.std(x)), delta=1e-6 * float(np.std(x)))
        self.assertEqual(results[1]["mean"][0], -3.25)
        self.assertEqual(results[1]["std"][0], 0.0)

    def test_infinities_follow_numpy(self):
        # np.nanstd of data holding +-inf is nan (inf - inf); sum/mean/min/max are +-inf.
        src = self.write("inf.py", (
            "import json\nimport numpy as np\n"
            "def generate(ctx):\n"
            "    got = []\n"
            "    for a in ([1.0, np.inf], [np.inf, np.inf], [-np.inf, 2.0, np.nan]):\n"
            "        got.append((yield np.array(a)))\n"
            "    with open(ctx.params['record'], 'w') as f:\n"
            "        json.dump(got, f)\n"))
        rec = self.path("rec.json")
        out = self.path("out.jsonl")
        r = self.arrayfeed("run", src, "--set", f"record={rec}", "--output", out)
        self.assertExit(r, 0)
        with open(rec) as f:
            got = json.load(f)
        inputs = ([1.0, np.inf], [np.inf, np.inf], [-np.inf, 2.0, np.nan])
        for a, g, line in zip(inputs, got, parse_jsonl(out)):
            with self.subTest(values=a):
                self.assertStatsClose(g, numpy_stats(a), str(a))
                self.assertStatsClose(line, numpy_stats(a, finite_as_none=True), str(a))

    def test_zero_d_and_empty_arrays_are_accepted(self):
        src = self.write("shapes.py", (
            "import json\nimport numpy as np\n"
            "def generate(ctx):\n"
            "    got = [(yield np.array(2.5)), (yield np.empty((0, 3))),\n"
            "           (yield np.empty(0, dtype=np.float32))]\n"
            "    with open(ctx.params['record'], 'w') as f:\n"
            "        json.dump(got, f)\n"))
        rec, out, met = self.path("rec.json"), self.path("out.jsonl"), self.path("m.json")
        r = self.arrayfeed("run", src, "--set", f"record={rec}", "--output", out, "--metrics", met)
        self.assertExit(r, 0)
        with open(rec) as f:
            got = json.load(f)
        self.assertStatsClose(got[0], {"count": 1, "sum": 2.5, "mean": 2.5, "std": 0.0, "min": 2.5,
                                       "max": 2.5, "nan_count": 0}, "0-d")
        empty = {"count": 0, "sum": 0.0, "mean": None, "std": None, "min": None, "max": None,
                 "nan_count": 0}
        self.assertStatsClose(got[1], empty, "(0, 3)")
        self.assertStatsClose(got[2], empty, "(0,)")
        lines = parse_jsonl(out)
        self.assertEqual([line["index"] for line in lines], [0, 1, 2])
        self.assertIsNone(lines[1]["mean"])
        m = self.metrics(met)
        self.assertEqual(m["arrays"], 3)
        self.assertEqual(m["bytes_handed_over"], 8)
        self.assertEqual(m["copies"], 0)


class SendBack(ArrayfeedTestCase):

    def test_generator_builds_each_array_from_the_previous_result(self):
        rec = self.path("rec.json")
        r = self.arrayfeed("run", script("feedback.py"), "--set", f"record={rec}", "--set", "steps=5")
        self.assertExit(r, 0)
        with open(rec) as f:
            chain = json.load(f)
        self.assertEqual([c["sent"] for c in chain], [1.0, 6.0, 16.0, 36.0, 76.0])
        for c in chain:
            self.assertEqual(c["got"]["count"], 4)
            self.assertEqual(c["got"]["mean"], c["sent"])
        self.assertIn("5 arrays through 'stats'", self.summary_line(r))

    def test_arrays_only_the_host_still_holds_are_read_correctly(self):
        # Each array is a temporary: once yielded, only the host refers to it.
        src = self.write("temporaries.py", (
            "import numpy as np\n"
            "def generate(ctx):\n"
            "    wrong = []\n"
            "    for i in range(40):\n"
            "        r = yield np.full(500_000, float(i))\n"
            "        if (r['mean'], r['min'], r['max'], r['count']) != (i, i, i, 500_000):\n"
            "            wrong.append((i, r))\n"
            "    print('wrong results:', wrong)\n"))
        r = self.arrayfeed("run", src)
        self.assertExit(r, 0)
        self.assertIn("wrong results: []\n", r.stdout)

    def test_yield_from_a_plain_iterator_gets_none_and_the_run_goes_on(self):
        out = self.path("out.jsonl")
        src = self.write("delegates.py", (
            "import numpy as np\n"
            "def generate(ctx):\n"
            "    yield from [np.ones(2), np.full(3, 2.0)]\n"
            "    last = yield np.zeros(4)\n"
            "    assert last is not None and last['count'] == 4, last\n"
            "    yield np.ones(1)\n"))
        r = self.arrayfeed("run", src, "--output", out)
        self.assertExit(r, 0)
        self.assertEqual([line["sum"] for line in parse_jsonl(out)], [2, 6, 0, 1])

    def test_nop_sends_back_none(self):
        rec = self.path("rec.json")
        r = self.arrayfeed("run", script("feedback.py"), "--kernel", "nop", "--set", f"record={rec}",
                           "--set", "steps=3")
        self.assertExit(r, 0)
        with open(rec) as f:
            chain = json.load(f)
        self.assertEqual(chain, [{"sent": 1.0, "got": None}] * 3)

    def test_nop_takes_any_dtype_and_layout_and_writes_no_results(self):
        rec, out, met = self.path("rec.json"), self.path("out.jsonl"), self.path("m.json")
        r = self.arrayfeed("run", script("any_input.py"), "--kernel", "nop", "--set", f"record={rec}",
                           "--output", out, "--metrics", met)
        self.assertExit(r, 0)
        with open(rec) as f:
            self.assertEqual(json.load(f), ["None"] * 5)
        self.assertEqual(parse_jsonl(out), [], "nop returns nothing, so no result lines")
        m = self.metrics(met)
        self.assertEqual(m["arrays"], 5)
        self.assertEqual(m["copies"], 0)
        self.assertEqual(m["bytes_handed_over"], 10 + 2 * 2 * 4 * 16 + 15 * 2 + 1 + 0)

    def test_output_npy_without_results_is_an_empty_array(self):
        out = self.path("out.npy")
        r = self.arrayfeed("run", script("plain_iterable.py"), "--kernel", "nop", "--output", out)
        self.assertExit(r, 0)
        for mode in (None, "r"):
            self.assertEqual(np.load(out, mmap_mode=mode).shape, (0,))

    def test_output_npy_refuses_named_values_and_names_the_fix(self):
        out = self.path("out.npy")
        r = self.arrayfeed("run", script("plain_iterable.py"), "--output", out)
        self.assertExit(r, 3)
        self.assertInStderr("the result for array #1 is named values (count, sum, mean,", r)
        self.assertInStderr("use a .jsonl output for results of varying shape or named values", r)
        self.assertFalse(os.path.exists(out), "no row came, so the output file the run created is removed")

    def test_plain_iterable_runs_without_send_back(self):
        out = self.path("out.jsonl")
        r = self.arrayfeed("run", script("plain_iterable.py"), "--output", out)
        self.assertExit(r, 0)
        lines = parse_jsonl(out)
        self.assertEqual(len(lines), 2)
        self.assertStatsClose(lines[0], numpy_stats(np.arange(4.0)))
        self.assertStatsClose(lines[1], numpy_stats(np.full((2, 3), 2.5)))

    def test_entry_option_and_entry_without_ctx(self):
        out = self.path("out.jsonl")
        r = self.arrayfeed("run", script("plain_iterable.py"), "--entry", "no_ctx", "--output", out)
        self.assertExit(r, 0)
        self.assertEqual([line["count"] for line in parse_jsonl(out)], [1, 2, 3])

    def test_buffer_protocol_objects_are_read_in_place(self):
        rec, met = self.path("rec.json"), self.path("m.json")
        r = self.arrayfeed("run", script("buffer_objects.py"), "--set", f"record={rec}", "--metrics", met)
        self.assertExit(r, 0)
        with open(rec) as f:
            got = json.load(f)
        self.assertStatsClose(got[0], numpy_stats([1.0, 2.0, 3.0, 10.0]), "array.array('d')")
        self.assertStatsClose(got[1], numpy_stats([0.5, 1.5]), "memoryview of float32")
        m = self.metrics(met)
        self.assertEqual((m["arrays"], m["copies"], m["bytes_handed_over"]), (2, 0, 32 + 8))


class MetricsAndSummary(ArrayfeedTestCase):

    def test_metrics_json_describes_the_run(self):
        prefix, met = self.path("record"), self.path("metrics.json")
        r = self.arrayfeed("run", script("record_stats.py"), "--set", f"record={prefix}", "--metrics", met)
        self.assertExit(r, 0)
        arrays, _ = load_record(prefix)
        m = self.metrics(met)
        self.assertEqual(m["kernel"], "stats")
        self.assertEqual(m["end_reason"], "exhausted")
        self.assertEqual(m["arrays"], len(arrays))
        self.assertEqual(m["bytes_handed_over"], sum(a.nbytes for a in arrays))
        self.assertEqual((m["copies"], m["bytes_copied"]), (0, 0))
        for key in ("script_seconds", "host_seconds", "kernel_seconds", "wall_seconds",
                    "latency_p50_us", "latency_p99_us"):
            self.assertIsInstance(m[key], (int, float), key)
            self.assertGreaterEqual(m[key], 0, key)
        self.assertGreater(m["wall_seconds"], 0)
        self.assertLess(m["wall_seconds"], r.seconds)
        self.assertLessEqual(m["host_seconds"] + m["kernel_seconds"], m["wall_seconds"])
        self.assertLessEqual(m["latency_p50_us"], m["latency_p99_us"])
        self.assertAlmostEqual(m["arrays_per_second"], m["arrays"] / m["wall_seconds"],
                               delta=1e-6 * m["arrays_per_second"])
        ks = m["kernel_summary"]
        self.assertEqual(list(ks), STATS_KEYS)
        self.assertEqual(ks["count"], sum(a.size for a in arrays))
        self.assertEqual(ks["nan_count"], sum(int(np.isnan(a).sum()) for a in arrays))
        all_values = np.concatenate([a.astype(np.float64).ravel() for a in arrays])
        self.assertStatsClose(ks, numpy_stats(all_values), "kernel_summary")

    def test_summary_on_stderr_and_quiet_suppresses_it(self):
        rec = self.path("rec.json")
        r = self.arrayfeed("run", script("feedback.py"), "--set", f"record={rec}", "--set", "steps=3")
        self.assertExit(r, 0)
        self.assertRegex(self.summary_line(r), r"^arrayfeed summary: 3 arrays through 'stats' .*ended: exhausted$")
        self.assertInStderr("copies", r)
        q = self.arrayfeed("run", script("feedback.py"), "--set", f"record={rec}", "--set", "steps=3", "--quiet")
        self.assertExit(q, 0)
        self.assertNoSummary(q)
        with open(rec) as f:
            self.assertEqual(len(json.load(f)), 3, "the quiet run still ran")

    def test_quiet_still_shows_errors(self):
        r = self.arrayfeed("run", script("bad_yields.py"), "--set", "case=int32", "--quiet")
        self.assertExit(r, 1)
        self.assertNoSummary(r)
        self.assertInStderr("yield #3", r)


if __name__ == "__main__":
    unittest.main()

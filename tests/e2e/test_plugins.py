"""Plugins: the example table_lookup against NumPy, and every way a plugin can
fail to load or fail while running (exit 3 with the reason; what was already
written stays)."""

import ctypes
import json
import os
import re
import unittest
from pathlib import Path

import numpy as np

from e2e_support import EXAMPLE_PLUGIN, SOURCE_DIR, ArrayfeedTestCase, parse_jsonl, plugin, script

LOOKUP = script("lookup_feed.py")
FOREVER = script("forever.py")
# The example's results against np.interp: the same table and the same two
# neighbours, so only rounding may differ.
RTOL, ATOL = 1e-12, 1e-15


def abi_version():
    header = (SOURCE_DIR / "app" / "include" / "arrayfeed" / "plugin.h").read_text()
    return int(re.search(r"#define AF_ABI_VERSION (\d+)u", header).group(1))


class ExamplePlugin(ArrayfeedTestCase):

    def lookup(self, *args):
        """Runs lookup_feed.py through table_lookup: (result, inputs, results, arrivals, jsonl lines)."""
        prefix, out = self.path("rec"), self.path("out.jsonl")
        r = self.arrayfeed("run", LOOKUP, "--plugin", str(EXAMPLE_PLUGIN), "--set", f"record={prefix}",
                           "--output", out, *args)
        self.assertExit(r, 0)
        with np.load(prefix + ".npz") as z, np.load(prefix + "-results.npz") as zr:
            inputs = [z[f"arr_{i}"] for i in range(len(z.files))]
            results = [zr[f"arr_{i}"] for i in range(len(zr.files))]
        arrivals = json.loads(Path(prefix + ".json").read_text())
        return r, inputs, results, arrivals, parse_jsonl(out)

    def assert_interpolates(self, run, xp, fp):
        r, inputs, results, _, lines = run
        self.assertEqual(len(inputs), 6)
        self.assertEqual(len(results), 6)
        self.assertEqual([line["index"] for line in lines], list(range(6)))
        for i, (x, got, line) in enumerate(zip(inputs, results, lines)):
            with self.subTest(array=i, shape=x.shape):
                expected = np.interp(x, xp, fp)
                np.testing.assert_allclose(got, expected, rtol=RTOL, atol=ATOL)
                written = np.array(line["value"], dtype=float).reshape(x.shape)  # null (NaN) -> nan
                np.testing.assert_allclose(written, expected, rtol=RTOL, atol=ATOL)
        summary = re.search(r"kernel\s+values=(\d+) table_points=(\d+)", r.stderr)
        self.assertIsNotNone(summary, repr(r))
        self.assertEqual(int(summary.group(1)), sum(x.size for x in inputs))
        self.assertEqual(int(summary.group(2)), len(xp))

    def test_built_in_table_matches_np_interp(self):
        xp = np.linspace(0.0, 1.0, 2**24)
        self.assert_interpolates(self.lookup(), xp, np.exp(np.sin(xp)))

    def test_smaller_built_in_table_on_another_range(self):
        xp = np.linspace(-3.0, 5.0, 1001)
        run = self.lookup("--set", "lo=-3", "--set", "hi=5", "--set", "points=1001")
        self.assert_interpolates(run, xp, np.exp(np.sin(xp)))

    def test_data_set_table_matches_np_interp(self):
        fp = np.cos(np.linspace(0, 7, 501)) * 10
        table = self.path("table.npy")
        np.save(table, fp)
        run = self.lookup("--data", f"table={table}", "--set", "lo=-2", "--set", "hi=3")
        self.assert_interpolates(run, np.linspace(-2.0, 3.0, 501), fp)

    def test_results_arrive_as_writable_float64_arrays_of_the_input_shape(self):
        _, inputs, _, arrivals, _ = self.lookup("--set", "points=11")
        self.assertEqual(arrivals, [{"type": "ndarray", "dtype": "float64", "shape": list(x.shape), "writeable": True}
                                    for x in inputs])

    def test_kernels_lists_it_with_its_contract(self):
        r = self.arrayfeed("kernels", "--plugin", str(EXAMPLE_PLUGIN))
        self.assertExit(r, 0)
        self.assertIn(f"table_lookup  (plugin {EXAMPLE_PLUGIN})\n", r.stdout)
        self.assertIn("input: float64, any shape, C-contiguous\n    thread-safe: --threads calls it on several threads at once\n",
                      r.stdout)
        self.assertIn("stats\n", r.stdout)  # the built-ins are still there

    def test_check_names_the_plugin_kernel_and_the_data_set(self):
        table = self.path("table.npy")
        np.save(table, np.arange(7.0))
        r = self.arrayfeed("check", LOOKUP, "--plugin", str(EXAMPLE_PLUGIN), "--data", f"table={table}")
        self.assertExit(r, 0)
        self.assertIn("kernel 'table_lookup', input: float64, any shape, C-contiguous", r.stdout)
        self.assertIn(f"data set 'table': float64 (7,) from {table}", r.stdout)

    def test_bad_params_and_tables_fail_init_naming_the_fix(self):
        bad_table, table = self.path("square.npy"), self.path("table.npy")
        np.save(bad_table, np.ones((3, 3)))
        np.save(table, np.arange(5.0))
        cases = {  # case -> (arguments, what follows "status 1: ")
            "hi": (["--set", "hi=inf"], "param hi='inf' is not a finite number"),
            "order": (["--set", "lo=2"], "params lo=2 and hi=1: lo must be below hi (and hi - lo finite); "
                                         "use e.g. --set lo=0 --set hi=1"),
            "span": (["--set", "lo=-1e308", "--set", "hi=1e308"], "params lo=-1e+308 and hi=1e+308: lo must be"),
            "points": (["--set", "points=1"], "param points='1' must be a whole number >= 2; use e.g. --set points="),
            "table": (["--data", f"table={bad_table}"], "data set 'table' must be a 1-d, C-contiguous float64 array"),
            "both": (["--data", f"table={table}", "--set", "points=3"],
                     "param points=3 disagrees with the 5 samples of data set 'table'; drop --set points"),
        }
        self.assert_refused_before_the_script(
            {case: (args, f"kernel 'table_lookup' failed to initialise: status 1: {message}")
             for case, (args, message) in cases.items()}, 3)

    def test_a_value_of_the_wrong_type_for_a_declared_param_is_a_usage_error_before_init(self):
        cases = {  # the plugin declares lo a number and points a whole number
            "lo": (["--set", "lo=abc"], "parameter 'lo' of kernel 'table_lookup' must be a number, got 'abc'"),
            "text": (["--set", "points=lots"],
                     "parameter 'points' of kernel 'table_lookup' must be a whole number, got 'lots'"),
        }
        self.assert_refused_before_the_script(cases, 2)

    def assert_refused_before_the_script(self, cases, code):
        """Each case (arguments, error message) ends the run with `code` before the generator starts."""
        for case, (args, message) in cases.items():
            with self.subTest(case=case):
                src, marker = self.marker_script()
                r = self.arrayfeed("run", src, "--plugin", str(EXAMPLE_PLUGIN), *args)
                self.assertExit(r, code)
                self.assertInStderr(f"error: {message}", r)
                self.assertFalse(Path(marker).exists(), "the generator started after the refusal")


class PluginLoading(ArrayfeedTestCase):
    """Every load error ends the run before the script is even imported."""

    def refused(self, path, *extra, code=3):
        return self.run_refused_before_start(code, "--plugin", path, *extra)

    def test_missing_file(self):
        r = self.refused("missing.so")
        self.assertInStderr("error: plugin 'missing.so' not found (or not a file)", r)

    def test_not_a_shared_library_gives_dlerror_text(self):
        fake = self.write("libfake.so", "this is text, not an ELF shared object\n" * 4)
        with self.assertRaises(OSError) as loader:
            ctypes.CDLL(fake)
        r = self.refused(fake)
        self.assertInStderr(f"error: plugin '{fake}' cannot be loaded: {loader.exception}", r)

    def test_missing_symbol(self):
        path = plugin("no_symbol")
        r = self.refused(path)
        self.assertInStderr(f"error: plugin '{path}' does not export 'arrayfeed_plugin'", r)
        self.assertInStderr("undefined symbol: arrayfeed_plugin", r)

    def test_abi_mismatch_names_both_versions(self):
        r = self.refused(plugin("abi_999"))
        self.assertInStderr(f"was built for plugin ABI version 999; this arrayfeed speaks version {abi_version()}", r)
        self.assertInStderr("rebuild it against this arrayfeed's arrayfeed/plugin.h", r)

    def test_invalid_descriptors(self):
        for name, reason in (("bad_dtype", "unknown dtype code 99 in dtypes"),
                             ("no_process", "no process function"),
                             ("latin1_name", "the name is not UTF-8 text")):
            with self.subTest(plugin=name):
                r = self.refused(plugin(name))
                self.assertInStderr(f"error: plugin '{plugin(name)}': invalid descriptor: {reason}", r)

    def test_kernel_names_already_taken(self):
        twin, named_stats = plugin("probe_twin"), plugin("named_stats")
        r = self.refused(plugin("probe"), "--plugin", twin)
        self.assertInStderr(f"error: plugin '{twin}' names its kernel 'probe', which is already taken", r)
        r = self.refused(named_stats)
        self.assertInStderr(f"error: plugin '{named_stats}' names its kernel 'stats', which is already taken", r)

    def test_the_same_plugin_given_twice_says_so(self):
        os.symlink(plugin("probe"), self.path("libalias.so"))
        for second in (plugin("probe"), "libalias.so"):
            with self.subTest(second=second):
                r = self.refused(plugin("probe"), "--plugin", second)
                self.assertInStderr(f"error: plugin '{second}' is given twice (also as '{plugin('probe')}'); "
                                    "give each --plugin once", r)
                self.assertNotInStderr("rename it", r)

    def test_two_plugins_need_kernel(self):
        r = self.refused(plugin("probe"), "--plugin", plugin("stops"), code=2)
        self.assertInStderr("error: several plugins are loaded (probe, stops): choose one with --kernel NAME", r)
        record = self.path("rec.json")
        r = self.arrayfeed("run", script("plugin_addresses.py"), "--plugin", plugin("probe"), "--plugin",
                           plugin("stops"), "--kernel", "probe", "--set", f"record={record}")
        self.assertExit(r, 0)

    def test_kernels_command_refuses_a_broken_plugin_too(self):
        r = self.arrayfeed("kernels", "--plugin", plugin("abi_999"))
        self.assertExit(r, 3)
        self.assertInStderr("plugin ABI version 999", r)


class PluginRuns(ArrayfeedTestCase):

    def forever(self, name, *extra):
        """forever.py through a test plugin: (result, jsonl lines or None without an output
        file, results the generator received)."""
        out, done = self.path("out.jsonl"), self.path("finally")
        r = self.arrayfeed("run", FOREVER, "--plugin", plugin(name), "--set", f"finally={done}",
                           "--output", out, *extra)
        self.assertTrue(Path(done).exists(), f"the generator's finally: did not run:\n{r!r}")
        return r, parse_jsonl(out) if Path(out).exists() else None, int(Path(done).read_text())

    def test_inputs_and_data_sets_reach_the_plugin_in_place(self):
        record, table = self.path("rec.json"), self.path("table.npy")
        np.save(table, np.arange(100.0))
        r = self.arrayfeed("run", script("plugin_addresses.py"), "--plugin", plugin("probe"),
                           "--data", f"table={table}", "--set", f"record={record}")
        self.assertExit(r, 0)
        seen = json.loads(Path(record).read_text())
        self.assertEqual(len(seen["arrays"]), 3)
        for i, a in enumerate(seen["arrays"], 1):
            self.assertEqual(a["result"], {"array": i, "address": a["address"], "data_address": seen["data_address"]})

    def test_failing_init_is_reported_before_the_first_yield(self):
        src, marker = self.marker_script()
        r = self.arrayfeed("run", src, "--plugin", plugin("fails_init"))
        self.assertExit(r, 3)
        self.assertInStderr("error: kernel 'fails_init' failed to initialise: status 7: "
                            "cannot open the model file 'model.bin': no such file (set model=PATH)", r)
        self.assertFalse(Path(marker).exists(), "the generator started after a failed init")

    def test_process_failure_keeps_earlier_results_and_closes_the_generator(self):
        r, lines, received = self.forever("fails_process", "--set", "fail_at=3")
        self.assertExit(r, 3)
        self.assertInStderr("error: kernel 'fails_process' failed on array #3: status 1: "
                            "value out of range in array 3", r)
        self.assertEqual([(line["index"], line["array"]) for line in lines], [(0, 1), (1, 2)])
        self.assertEqual(received, 2)
        self.assertIn("arrays=3", self.summary_line(r) + r.stderr)  # finish still ran

    def test_failure_without_a_message_says_so(self):
        r, lines, _ = self.forever("fails_silently", "--set", "fail_at=2")
        self.assertExit(r, 3)
        self.assertInStderr("error: kernel 'fails_silently' failed on array #2: status 42: "
                            "(the plugin gave no message)", r)
        self.assertEqual(len(lines), 1)

    def test_output_misuse_fails_the_array(self):
        for name, reason in (("misuses_output", "set 'array' after the single result (name NULL)"),
                             ("latin1_result", "a value's name is not UTF-8 text")):
            with self.subTest(plugin=name):
                r, lines, _ = self.forever(name)
                self.assertExit(r, 3)
                self.assertInStderr(f"error: kernel '{name}' failed on array #1: {reason}", r)
                self.assertIsNone(lines, "no result came, so the output file the run created is removed")

    def test_kernel_asking_to_stop_ends_the_run_gracefully(self):
        metrics = self.path("m.json")
        r, lines, received = self.forever("stops", "--set", "stop_after=4", "--metrics", metrics)
        self.assertExit(r, 0)
        self.assertIn("ended: the kernel asked to stop", self.summary_line(r))
        self.assertEqual([line["array"] for line in lines], [1, 2, 3, 4])
        self.assertEqual(received, 3, "as with --max-arrays, the last result is written, never sent")
        m = self.metrics(metrics)
        self.assertEqual((m["arrays"], m["end_reason"], m["kernel_summary"]),
                         (4, "kernel_stop", {"arrays": 4}))


if __name__ == "__main__":
    unittest.main()

"""Plugins built against ABI 2 (arrayfeed/arrayfeed.h): several kernels in one
library, named inputs, declared parameters, init narrowing the contract and
logging, a minimum alignment; every way an ABI 2 descriptor is refused (exit
3 naming the library, the kernel and the field); ABI 1 plugins unchanged."""

import functools
import re
import unittest

import numpy as np

from e2e_support import SOURCE_DIR, ArrayfeedTestCase, parse_jsonl, plugin, script

FAMILY_KERNELS = ("axpy", "window", "aligned", "typed")
# The minor version of the ABI header the test plugins and arrayfeed are built with.
ABI_MINOR = int(re.search(r"#define AFEED_ABI_MINOR (\d+)u",
                          (SOURCE_DIR / "app/include/arrayfeed/arrayfeed.h").read_text()).group(1))


class Probe(ArrayfeedTestCase):
    def runTest(self):  # noqa: N802 (unittest's name)
        pass


@functools.lru_cache(maxsize=None)
def host_takes(what):
    """True once this build of arrayfeed can do `what` ("dict yields" or
    "aligned convert"): both are being written on other branches."""
    probe = Probe()
    probe.setUp()
    try:
        if what == "dict yields":
            src = probe.write("probe.py", "import numpy as np\n"
                              "def generate(ctx):\n    yield {'a': np.ones(2), 'b': np.ones(2)}\n")
            return probe.arrayfeed("run", src, "--plugin", plugin("family"), "--kernel", "axpy").returncode == 0
        # The copy must be aligned, not merely made (the kernel's result is the address modulo 64).
        src = probe.write("probe.py", "import numpy as np\n"
                          "def generate(ctx):\n    yield np.zeros(9)[1:]\n")
        out = probe.path("out.jsonl")
        r = probe.arrayfeed("run", src, "--plugin", plugin("family"), "--kernel", "aligned", "--convert",
                            "--output", out)
        return r.returncode == 0 and [line["value"] for line in parse_jsonl(out)] == [0]
    finally:
        probe.doCleanups()


class V2Loading(ArrayfeedTestCase):
    """An ABI 2 library's kernels are all registered; a broken one is refused before the script starts."""

    def refused(self, name, *extra):
        return self.run_refused_before_start(3, "--plugin", plugin(name), *extra)

    def test_kernels_lists_every_kernel_of_the_library(self):
        r = self.arrayfeed("kernels", "--plugin", plugin("family"))
        self.assertExit(r, 0)
        for name in FAMILY_KERNELS:
            self.assertRegex(r.stdout, rf"(?m)^{name}  \(plugin {re.escape(plugin('family'))}\)$")
        self.assertIn("2*a + b of two float64 vectors", r.stdout)
        axpy = r.stdout[r.stdout.index("axpy"):r.stdout.index("window")]
        self.assertIn("    inputs:\n      a: float64, 1-d", axpy)
        self.assertIn("\n      b (shape of a): float64, 1-d", axpy)
        self.assertIn("thread-safe", axpy)

    def test_several_kernels_need_kernel_to_choose(self):
        r = self.run_refused_before_start(2, "--plugin", plugin("family"))
        self.assertInStderr("several plugins are loaded (axpy, window, aligned, typed): choose one with --kernel NAME",
                            r)

    def test_newer_major_is_refused_naming_both_versions_and_the_fix(self):
        r = self.refused("v2_abi_3")
        minor = ABI_MINOR  # the broken plugin is built with the same header's minor
        self.assertInStderr(f"error: plugin '{plugin('v2_abi_3')}' was built for plugin ABI 3.{minor}, newer than "
                            f"this arrayfeed's 2.{minor}: upgrade arrayfeed to load it", r)

    def test_a_valid_broken_plugin_loads(self):
        """The descriptors below differ from this one in one field each."""
        r = self.arrayfeed("kernels", "--plugin", plugin("v2_valid"))
        self.assertExit(r, 0)
        self.assertIn("v2_valid", r.stdout)

    def test_each_invalid_field_is_named(self):
        cases = {
            "null_name": "kernels[0]: invalid descriptor: no name",
            "null_process": "kernels[0] 'v2_null_process': invalid descriptor: no process function",
            "no_inputs": "kernels[0] 'v2_no_inputs': invalid descriptor: n_inputs 0 (want 1 to 64)",
            "too_many_inputs": "kernels[0] 'v2_too_many_inputs': invalid descriptor: n_inputs 65 (want 1 to 64)",
            "duplicate_input": "invalid descriptor: inputs[1] 'a': the name is also inputs[0]'s",
            "shape_of_unknown": "invalid descriptor: inputs[1] 'b': same_shape_as 'c' names no earlier input",
            "shape_of_later": "invalid descriptor: inputs[0] 'a': same_shape_as 'b' names no earlier input",
            "optional_first": "invalid descriptor: inputs[0] 'a': the first input cannot be OPTIONAL: every step "
                              "gives it (a lone array yielded is the first input)",
            "bad_dtype": "invalid descriptor: inputs[0] 'a': unknown dtype code 99 in dtypes",
            "bad_ndim": "invalid descriptor: inputs[0] 'a': ndim range 3..2 (want 0 <= min_ndim <= max_ndim <= 32)",
            "bad_alignment": "invalid descriptor: inputs[1] 'b': min_alignment 48 is not a power of two",
            "bad_param_type": "invalid descriptor: params[0]: unknown type 7",
            "short_kernel": "invalid arrayfeed_entry: want struct_size >= 24 and at least one kernel whose "
                            "struct_size is >= 80",
            "short_input": "invalid descriptor: inputs is NULL or inputs[0].struct_size is smaller than ABI 2.0's",
        }
        for flaw, reason in cases.items():
            with self.subTest(flaw=flaw):
                path = plugin(f"v2_{flaw}")
                r = self.refused(f"v2_{flaw}")
                self.assertInStderr(f"error: plugin '{path}'", r)
                self.assertInStderr(reason, r)

    def test_v1_plugins_still_load_and_run_beside_v2(self):
        record = self.path("rec.json")
        r = self.arrayfeed("run", script("plugin_addresses.py"), "--plugin", plugin("probe"), "--plugin",
                           plugin("family"), "--kernel", "probe", "--set", f"record={record}")
        self.assertExit(r, 0)


class V2Runs(ArrayfeedTestCase):

    def run_kernel(self, kernel, body, *extra):
        src = self.write("job.py", "import numpy as np\ndef generate(ctx):\n" + body)
        out = self.path("out.jsonl")
        r = self.arrayfeed("run", src, "--plugin", plugin("family"), "--kernel", kernel, "--output", out, *extra)
        return r, src, out

    def test_narrowed_contract_refuses_a_wrong_array_with_a_fix(self):
        r, src, out = self.run_kernel("window", "    yield np.ones((2, 4))\n    yield np.ones((2, 5))\n",
                                      "--set", "n=4")
        self.assertExit(r, 1)
        self.assertInStderr("yield #2 at", r)
        self.assertInStderr("last dimension = --set n", r)
        self.assertEqual([line["value"] for line in parse_jsonl(out)], [8.0])

    def test_narrowed_contract_accepts_the_right_arrays(self):
        r, _, out = self.run_kernel("window", "    yield np.arange(6.0).reshape(2, 3)\n", "--set", "n=3")
        self.assertExit(r, 0)
        self.assertEqual([line["value"] for line in parse_jsonl(out)], [15.0])

    def test_a_widening_init_fails_naming_the_field(self):
        for field, named in (("dtypes", "dtypes"), ("ndim", "min_ndim/max_ndim"), ("strided", "flags: STRIDED set"),
                             ("alignment", "min_alignment"), ("name", "name")):
            with self.subTest(field=field):
                r, _, _ = self.run_kernel("window", "    yield np.ones(3)\n", "--set", f"widen={field}")
                self.assertExit(r, 3)
                self.assertInStderr("error: kernel 'window' failed to initialise: init widened inputs[0] 'x': "
                                    + named, r)

    def test_init_log_lines_at_their_levels(self):
        r, _, _ = self.run_kernel("window", "    yield np.ones((1, 2))\n", "--set", "n=2")
        self.assertExit(r, 0)
        self.assertInStderr("kernel 'window': window length 2 from --set n", r)
        self.assertInStderr("kernel 'window': window line of an unknown level", r)
        self.assertNotInStderr("window detail for debugging", r)
        r, _, _ = self.run_kernel("window", "    yield np.ones((1, 2))\n", "--set", "n=2", "--log-level", "debug")
        self.assertExit(r, 0)
        self.assertInStderr("kernel 'window': window detail for debugging", r)

    def test_failing_init_message_reaches_the_user(self):
        r, _, _ = self.run_kernel("window", "    yield np.ones(3)\n")
        self.assertExit(r, 3)
        self.assertInStderr("error: kernel 'window' failed to initialise: status 1: window needs --set n=LENGTH", r)

    def test_min_alignment_refuses_an_unaligned_array(self):
        r, _, out = self.run_kernel("aligned", "    yield np.zeros(64 * 8 + 8)[8:]\n    yield np.zeros(65)[1:]\n")
        self.assertExit(r, 1)
        self.assertInStderr("yield #", r)
        self.assertInStderr("64", r)

    @unittest.skipUnless(host_takes("aligned convert"), "--convert does not align copies yet (another branch)")
    def test_min_alignment_copies_under_convert(self):
        r, _, out = self.run_kernel("aligned", "    yield np.zeros(65)[1:]\n", "--convert")
        self.assertExit(r, 0)
        self.assertEqual([line["value"] for line in parse_jsonl(out)], [0])

    def test_typed_kernel_gets_its_params(self):
        r, _, out = self.run_kernel("typed", "    yield np.ones(3)\n", "--set", "scale=2.5")
        self.assertExit(r, 0)
        self.assertEqual([line["value"] for line in parse_jsonl(out)], [2.5])

    @unittest.skipUnless(host_takes("dict yields"), "the script side of dict yields is not on this branch yet")
    def test_two_named_inputs_reach_process_in_declaration_order(self):
        r, _, out = self.run_kernel("axpy", "    yield {'b': np.full(3, 10.0), 'a': np.arange(3.0)}\n")
        self.assertExit(r, 0)
        self.assertEqual([line["value"] for line in parse_jsonl(out)], [[10.0, 12.0, 14.0]])


if __name__ == "__main__":
    unittest.main()

"""Declared parameters through the built binary: a declared default reaches
the kernel and ctx.params, a value of the wrong type is a usage error naming
the parameter, the kernel, the value and the fix, and a key that neither the
kernel declares nor the script reads is warned of at the end of the run (not
for an ABI v1 plugin, which may read any key)."""

import json
import os
import unittest

import numpy as np

from e2e_support import ArrayfeedTestCase, plugin

UNKNOWN = "was set but kernel"


class DeclaredParams(ArrayfeedTestCase):

    def params_script(self, reads="", yields="np.linspace(0, 1, 20)"):
        """A script that writes ctx.params to a file after evaluating `reads`: (script, record)."""
        record = self.path("params.json")
        src = self.write("job.py", (
            "import json\n"
            "import numpy as np\n"
            "def generate(ctx):\n"
            f"    {reads or 'pass'}\n"
            f"    counts = yield {yields}\n"
            f"    with open({record!r}, 'w') as f:\n"
            "        json.dump({'counts': len(counts)}, f)\n"))
        return src, record

    def histogram(self, src, *sets, code=0):
        args = [a for s in ("lo=0", "hi=1") + sets for a in ("--set", s)]
        r = self.arrayfeed("run", src, "--kernel", "histogram", *args)
        self.assertExit(r, code)
        return r

    def test_default_bins_reach_the_kernel_and_ctx_params(self):
        record = self.path("bins.txt")
        src, counts = self.params_script(reads=f"open({record!r}, 'w').write(ctx.params['bins'])")
        self.histogram(src)
        with open(counts) as f:
            self.assertEqual(json.load(f)["counts"], 10)
        with open(record) as f:
            self.assertEqual(f.read(), "10")

    def test_a_value_of_the_wrong_type_is_a_usage_error_with_the_fix(self):
        for given, kind, fix in (("bins=2.5", "a whole number", "--set bins=10"),
                                 ("lo=zero", "a number", "--set lo=0.5")):
            with self.subTest(given=given):
                src, marker = self.marker_script()
                r = self.histogram(src, given, code=2)
                name, value = given.split("=")
                self.assertInStderr(f"parameter '{name}' of kernel 'histogram' must be {kind}, "
                                    f"got '{value}': e.g. {fix}", r)
                self.assertFalse(os.path.exists(marker), "the script ran after a usage error")
                self.assertNoSummary(r)

    def test_an_unknown_key_is_warned_of_with_a_suggestion(self):
        src, _ = self.params_script()
        r = self.histogram(src, "bnis=5", "colour=red")
        self.assertInStderr("parameter 'bnis' was set but kernel 'histogram' does not declare it and the script "
                            "did not read it; did you mean 'bins'?", r)
        self.assertInStderr("parameter 'colour' was set but kernel 'histogram' does not declare it and the "
                            "script did not read it\n", r)

    def test_a_key_the_script_reads_is_not_warned_of(self):
        for reads in ("ctx.params.get('steps')", "'steps' in ctx.params", "dict(ctx.params)",
                      "[k for k in ctx.params]"):
            with self.subTest(reads=reads):
                src, _ = self.params_script(reads=reads)
                r = self.histogram(src, "steps=3")
                self.assertNotInStderr(UNKNOWN, r)

    def test_a_key_read_by_data_sets_is_not_warned_of(self):
        table = self.save("t.npy", np.zeros(3))
        src = self.write("job.py", (
            "import numpy as np\n"
            "def data_sets(params):\n"
            "    return {'t': params['table']}\n"
            "def generate(ctx):\n"
            "    yield np.ones(2)\n"))
        r = self.histogram(src, f"table={table}")
        self.assertNotInStderr(UNKNOWN, r)

    def test_a_failed_run_warns_of_nothing(self):
        src = self.write("job.py", "def generate(ctx):\n    raise RuntimeError('early')\n    yield\n")
        r = self.histogram(src, "bnis=5", code=1)
        self.assertNotInStderr(UNKNOWN, r)

    def test_no_warning_for_an_abi_v1_plugin(self):
        src, _ = self.marker_script()
        r = self.arrayfeed("run", src, "--plugin", plugin("probe"), "--set", "bnis=5")
        self.assertExit(r, 0)
        self.assertNotInStderr(UNKNOWN, r)

    def test_kernels_lists_each_parameter(self):
        r = self.arrayfeed("kernels", "--plugin", plugin("probe"))
        self.assertExit(r, 0)
        self.assertIn("    param bins (whole, default 10): number of equal bins, > 0\n"
                      "    param lo (number, no default): lower edge of the first bin\n"
                      "    param hi (number, no default): upper edge of the last bin, > lo\n", r.stdout)
        probe = r.stdout[r.stdout.index("probe"):]
        self.assertIn("    params: any (undeclared)\n", probe)


if __name__ == "__main__":
    unittest.main()

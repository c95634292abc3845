"""A kernel that takes "any dtype" (a plugin with n_dtypes = 0, or `nop`) is
handed only element types the plugin ABI names: others are refused before
the kernel with a fix that fits the type, or converted under --convert when
a cast keeps what the values mean."""

import re
import unittest

from e2e_support import ArrayfeedTestCase, line_of, parse_jsonl, plugin, script

ODD = script("odd_dtypes.py")
AF_FLOAT32, AF_FLOAT64 = 10, 11

# case -> (start of the "got:" text, pattern of the "fix:" line, af_dtype code under --convert or None)
CASES = {
    "float16": ("float16 (<f2)", r"^x\.astype\(np\.float32\)   \(or run with --convert", AF_FLOAT32),
    "bigendian": ("float64 (>f8)", r"^x\.astype\(np\.float64\)   \(or run with --convert", AF_FLOAT64),
    "longdouble": ("float128 (<f16)", r"^x\.astype\(np\.float64\)   \(or run with --convert", AF_FLOAT64),
    "structured": ("void (|V12)", r"^it holds records: yield one field, e.g. x\['t'\] \(fields: t, n\)$", None),
    "datetime": ("datetime64 (<M8)",
                 re.escape("(x - np.datetime64('1970-01-01')) / np.timedelta64(1, 's') for seconds since "
                           "1970-01-01 (or another unit; x counts in units of 'D'"), None),
    "timedelta": ("timedelta64 (<m8)", re.escape("x / np.timedelta64(1, 's') for seconds (or another unit; "
                                                 "x counts in units of 'ms'"), None),
    "str": ("str (<U5)", r"^it is text, not numbers: yield the numbers it stands for", None),
    "numeric_str": ("str (<U3)", r"^x\.astype\(np\.float64\)  \(parses the numbers the text holds\)$", None),
    "array_u": ("str (<U1)", r"^with x = np\.asarray\(x\): it is text, not numbers", None),
    "objects": ("object (|O8)", r"^x\.astype\(np\.float64\), if None means a missing value: it becomes NaN$", None),
    "mixed_objects": ("object (|O8)", r"^the objects are not all numbers \(x\[1\] is a str\): yield an array of numbers$",
                      None),
}


class AnyDtype(ArrayfeedTestCase):

    def run_case(self, case, kernel_args, *extra, code=1):
        out = self.path("out.jsonl")
        r = self.arrayfeed("run", ODD, "--set", f"case={case}", "--output", out, *kernel_args, *extra)
        self.assertExit(r, code)
        return r, parse_jsonl(out)

    def test_types_the_abi_cannot_name_are_refused_before_the_kernel_with_a_fitting_fix(self):
        for kernel_args in (["--plugin", plugin("any_dtype")], ["--kernel", "nop"]):
            for case, (got, fix, _) in CASES.items():
                with self.subTest(kernel=kernel_args[-1], case=case):
                    r, lines = self.run_case(case, kernel_args)
                    self.assertInStderr(f"yield #2 at {ODD}:{line_of(ODD, '# ODD')}", r)
                    self.assertInStderr("expected: bool, int8-64, uint8-64, float32/64 or complex64/128 "
                                        "(native byte order), any shape", r)
                    self.assertStderrMatches(rf"(?m)^\s*got:\s+{re.escape(got)}", r)
                    fix_line = re.search(r"(?m)^\s*fix:\s+(.*)$", r.stderr)
                    self.assertIsNotNone(fix_line, repr(r))
                    self.assertRegex(fix_line.group(1), fix)
                    if kernel_args[0] == "--plugin":  # the good array before it went through
                        self.assertEqual([line["dtype"] for line in lines], [AF_FLOAT64])

    def test_convert_copies_only_what_a_cast_keeps_and_the_plugin_gets_a_valid_code(self):
        for case, (_, _, code) in CASES.items():
            with self.subTest(case=case):
                r, lines = self.run_case(case, ["--plugin", plugin("any_dtype")], "--convert",
                                         code=0 if code else 1)
                if code:
                    self.assertEqual([line["dtype"] for line in lines], [AF_FLOAT64, code])
                    self.assertInStderr("with a copy (--convert)", r)
                else:
                    self.assertInStderr("cannot read it in place", r)
                    self.assertNotInStderr("--convert could not", r)


if __name__ == "__main__":
    unittest.main()

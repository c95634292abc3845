"""Yields that are neither NumPy arrays nor buffers: objects NumPy views in
place through __dlpack__, __array_interface__ or __array__ (pandas) reach the
kernel at the very address they expose, with nothing copied; those whose view
would copy, or cannot be had, are refused with what/why/fix, or copied and
counted under --convert."""

import json
import re
import unittest
from pathlib import Path

from e2e_support import ArrayfeedTestCase, line_of, plugin, script

OBJECTS = script("yield_objects.py")
AT_THE_YIELD = f"yield #1 at {OBJECTS}:{line_of(OBJECTS, '# the yield')}"
CONVERT_HINT = "(or run with --convert to copy, counted in the summary)"

# case -> the af_dtype code the kernel saw (probe's ANY_DTYPE: 5 int64, 11 float64)
IN_PLACE = {"interface": 11, "dlpack": 11, "pandas_float64": 11, "pandas_int64": 5, "frame_column": 11, "frame": 11}


class InPlace(ArrayfeedTestCase):

    def test_each_object_reaches_the_kernel_at_the_address_it_exposes(self):
        for case, dtype in IN_PLACE.items():
            with self.subTest(case=case):
                record, met = self.path(f"{case}.json"), self.path(f"{case}.metrics.json")
                r = self.arrayfeed("run", OBJECTS, "--plugin", plugin("any_dtype"), "--set", f"case={case}",
                                   "--set", f"record={record}", "--metrics", met)
                self.assertExit(r, 0)
                seen = json.loads(Path(record).read_text())
                self.assertNotEqual(seen["exposed"], 0)
                self.assertEqual(seen["result"]["address"], seen["exposed"], "the kernel read another address")
                self.assertEqual(seen["result"]["dtype"], dtype)
                m = self.metrics(met)
                self.assertEqual((m["arrays"], m["copies"], m["bytes_copied"]), (1, 0, 0))


class Refused(ArrayfeedTestCase):

    def refusal(self, case, *extra):
        """The (got, fix) lines of the refusal of `case` by `stats`."""
        r = self.arrayfeed("run", OBJECTS, "--set", f"case={case}", "--set", f"record={self.path('r.json')}", *extra)
        self.assertExit(r, 1)
        self.assertInStderr(f"{AT_THE_YIELD}: kernel 'stats' cannot read it in place", r)
        self.assertStderrMatches(r"(?m)^  expected: float32 or float64, any shape, C-contiguous$", r)
        got, fix = (re.search(rf"(?m)^  {name}:\s+(.*)$", r.stderr) for name in ("got", "fix"))
        self.assertIsNotNone(got, repr(r))
        self.assertIsNotNone(fix, repr(r))
        return got.group(1), fix.group(1)

    def test_memory_off_the_cpu_is_refused_naming_the_device_even_under_convert(self):
        for extra in ([], ["--convert"]):
            with self.subTest(extra=extra):
                got, fix = self.refusal("on_device", *extra)
                self.assertEqual(got, "an OnDevice (yield_objects.OnDevice) in CUDA memory "
                                      "(__dlpack_device__() is (2, 0)), which the kernel cannot read")
                self.assertEqual(fix, "copy it to main memory first, e.g. x.cpu() in PyTorch or x.get() in CuPy "
                                      "(a copy)")

    def test_an_interface_outside_its_data_or_invalid_is_refused_even_under_convert(self):
        cases = {
            "short_data": ("an Interface (yield_objects.Interface) whose __array_interface__ reaches outside its "
                           "data (bytes 0 to 32 of a 8-byte buffer)",
                           "give __array_interface__ a shape, strides and offset within its data"),
            "no_typestr": ("an Interface (yield_objects.Interface) whose __array_interface__ NumPy cannot read "
                           "(TypeError: __array_interface__ typestr must be a string)", "yield a NumPy array"),
        }
        for case, expected in cases.items():
            for extra in ([], ["--convert"]):
                with self.subTest(case=case, extra=extra):
                    self.assertEqual(self.refusal(case, *extra), expected)

    def test_a_view_the_kernel_cannot_read_says_what_it_views_and_how_to_get_it(self):
        got, fix = self.refusal("strided_interface")
        self.assertEqual(got, "float64 (<f8), shape (3,), strides (16,), not contiguous, as np.asarray(x) views an "
                              "Interface (yield_objects.Interface)")
        self.assertEqual(fix, f"with x = np.asarray(x): np.ascontiguousarray(x)   {CONVERT_HINT}")

    def test_an_array_of_objects_from_pandas_gets_the_fix_its_values_need(self):
        for extra in ([], ["--convert"]):
            with self.subTest(extra=extra):
                got, fix = self.refusal("objects", *extra)
                self.assertTrue(got.startswith("object (|O8), shape (3,)"), got)
                self.assertEqual(fix, "with x = np.asarray(x): the objects are not all numbers (x[2] is a str): "
                                      "yield an array of numbers")

    def test_a_copy_that_is_not_numbers_is_refused_even_under_convert(self):
        for extra in ([], ["--convert"]):
            with self.subTest(extra=extra):
                got, fix = self.refusal("dates_with_zone", *extra)
                self.assertEqual(got, "a Series (pandas.core.series.Series) whose __array__ makes a new object "
                                      "array each time, a copy rather than its own memory")
                self.assertEqual(fix, "with x = np.array(x): the objects are not all numbers (x[0] is a Timestamp "
                                      "(pandas._libs.tslibs.timestamps.Timestamp)): yield an array of numbers")

    def test_an_array_made_afresh_by_each_call_is_refused_as_a_copy(self):
        cases = {
            "copying": ("a Copying (yield_objects.Copying) whose __array__ makes a new float64 array each time, "
                        "a copy rather than its own memory", f"np.array(x)  (the copy made explicit)   {CONVERT_HINT}"),
            "nullable_with_na": ("a Series (pandas.core.series.Series) whose __array__ makes a new object array "
                                 "each time, a copy rather than its own memory",
                                 f"x.to_numpy(dtype=np.float64, na_value=np.nan)   {CONVERT_HINT}"),
        }
        for case, expected in cases.items():
            with self.subTest(case=case):
                self.assertEqual(self.refusal(case), expected)


class Converted(ArrayfeedTestCase):

    def converted(self, case):
        """The metrics of `case` through `stats` under --convert, and stderr."""
        met = self.path("m.json")
        r = self.arrayfeed("run", OBJECTS, "--convert", "--set", f"case={case}", "--set",
                           f"record={self.path('r.json')}", "--metrics", met)
        self.assertExit(r, 0)
        self.assertInStderr(f"{AT_THE_YIELD}: converted to float64", r)
        return self.metrics(met)

    def test_a_copying_array_or_a_view_the_kernel_cannot_read_is_copied_and_counted(self):
        for case, nbytes, mean in (("copying", 32, 1.5), ("strided_interface", 24, 2.0)):
            with self.subTest(case=case):
                m = self.converted(case)
                self.assertEqual((m["copies"], m["bytes_copied"]), (1, nbytes))
                self.assertEqual(m["kernel_summary"]["mean"], mean)

    def test_pandas_na_becomes_nan_in_the_copy(self):
        m = self.converted("nullable_with_na")
        self.assertEqual((m["copies"], m["bytes_copied"]), (1, 24))
        summary = m["kernel_summary"]
        self.assertEqual((summary["count"], summary["nan_count"], summary["min"], summary["max"]), (3, 1, 1.0, 3.0))


if __name__ == "__main__":
    unittest.main()

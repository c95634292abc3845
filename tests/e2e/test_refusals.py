"""Inputs the kernel cannot read in place: refused with where/expected/got/fix,
or copied (and counted) under --convert."""

import json
import re
import unittest

import numpy as np

from e2e_support import ArrayfeedTestCase, line_of, numpy_stats, parse_jsonl, script

BAD = script("bad_yields.py")

# case -> (text expected after "got:", pattern the "fix:" line must match)
CASES = {
    "int32": ("int32 (<i4), shape (5,), strides (4,), C-contiguous",
              r"x\.astype\(np\.float(32|64)\)"),
    "float16": ("float16 (<f2), shape (2, 2), strides (4, 2), C-contiguous",
                r"x\.astype\(np\.float(32|64)\)"),
    "bigendian": ("float64 (>f8), shape (2, 3), strides (24, 8), C-contiguous",
                  r"np\.float64|byteswap|newbyteorder"),
    "strided": ("float64 (<f8), shape (3, 2), strides (32, 16), not contiguous",
                r"np\.ascontiguousarray\(x\)"),
    "reversed": ("float32 (<f4), shape (5,), strides (-4,), not contiguous",
                 r"np\.ascontiguousarray\(x\)"),
    "fortran": ("float64 (<f8), shape (3, 4), strides (8, 24), Fortran-ordered (column-major)",
                r"np\.ascontiguousarray\(x\)"),
    "misaligned": ("float64 (<f8), shape (10,), strides (8,), C-contiguous, misaligned",
                   r"x\.copy\(\)"),
    "list": ("a list, not an array", r"np\.asarray\(x"),
    "str": ("a str, not an array", r"NumPy array|np\.asarray"),
    "none": ("a NoneType, not an array", r"NumPy array|np\.asarray"),
}


class Refusals(ArrayfeedTestCase):

    def refused(self, case, *extra):
        out, met = self.path("out.jsonl"), self.path("m.json")
        r = self.arrayfeed("run", BAD, "--set", f"case={case}", "--output", out, "--metrics", met, *extra)
        self.assertExit(r, 1)
        return r, out, met

    def test_each_refusal_names_yield_file_line_expected_got_and_fix(self):
        for case, (got, fix) in CASES.items():
            with self.subTest(case=case):
                r, out, _ = self.refused(case)
                line = line_of(BAD, f"# BAD:{case}")
                self.assertInStderr(f"yield #3 at {BAD}:{line}", r)
                self.assertInStderr("kernel 'stats' cannot read it in place", r)
                self.assertStderrMatches(r"(?m)^\s*expected:\s+float32 or float64, any shape, C-contiguous$", r)
                got_line = re.search(r"(?m)^\s*got:\s+(.*)$", r.stderr)
                self.assertIsNotNone(got_line, repr(r))
                self.assertTrue(got_line.group(1).startswith(got), f"got: {got_line.group(1)!r}, expected {got!r}")
                fix_line = re.search(r"(?m)^\s*fix:\s+(.*)$", r.stderr)
                self.assertIsNotNone(fix_line, repr(r))
                self.assertRegex(fix_line.group(1), fix)
                # The two arrays before the refused one were processed and written.
                self.assertEqual([line["index"] for line in parse_jsonl(out)], [0, 1])

    def test_refusal_inside_yield_from_names_the_inner_line(self):
        r, _, _ = self.refused("nested")
        self.assertInStderr(f"yield #3 at {BAD}:{line_of(BAD, '# BAD:nested')}", r)
        self.assertInStderr("int16 (<i2), shape (3,)", r)

    def test_refused_run_reports_what_was_done(self):
        r, _, met = self.refused("fortran")
        m = self.metrics(met)
        self.assertEqual(m["arrays"], 2)
        self.assertEqual(m["copies"], 0)
        self.assertEqual(m["bytes_handed_over"], 4 * 8 + 4 * 4)

    def test_bytearray_and_bytes_are_refused_as_uint8(self):
        for which, size in (("bytearray", 3), ("bytes", 4)):
            with self.subTest(which=which):
                r = self.arrayfeed("run", script("buffer_objects.py"), "--set", f"which={which}",
                                   "--set", f"record={self.path('rec.json')}")
                self.assertExit(r, 1)
                self.assertStderrMatches(rf"got:\s+uint8 \(\|u1\), shape \({size},\)", r)

    def test_list_from_a_plain_iterable_is_refused_with_the_entry_location(self):
        src = self.write("listy.py", (
            "import numpy as np\n"
            "def generate():\n"
            "    return [np.ones(2), [1.0, 2.0]]\n"))
        r = self.arrayfeed("run", src)
        self.assertExit(r, 1)
        self.assertInStderr(f"yield #2 at {src}:", r)
        self.assertInStderr("a list, not an array", r)


class Convert(ArrayfeedTestCase):

    def test_convert_copies_counts_and_matches_numpy(self):
        prefix, out, met = self.path("rec"), self.path("out.jsonl"), self.path("m.json")
        r = self.arrayfeed("run", script("convert_mix.py"), "--convert", "--set", f"record={prefix}",
                           "--output", out, "--metrics", met)
        self.assertExit(r, 0)
        with np.load(prefix + ".npz") as z:
            inputs = [z[f"arr_{i}"] for i in range(len(z.files))]
        with open(prefix + ".json") as f:
            sent_back = json.load(f)
        self.assertEqual(len(inputs), 8)
        lines = parse_jsonl(out)
        self.assertEqual(len(lines), 8)
        for i, (x, got, line) in enumerate(zip(inputs, sent_back, lines)):
            with self.subTest(input=i, dtype=str(x.dtype)):
                self.assertStatsClose(got, numpy_stats(x), f"sent back #{i}")
                self.assertStatsClose(line, numpy_stats(x, finite_as_none=True), f"line #{i}")
        # Copies: all but the two good inputs (#1 and #7). Bytes: each converted array,
        # float32 inputs stay float32, the rest become float64.
        converted = [x for i, x in enumerate(inputs) if i not in (1, 7)]
        expected_bytes = sum(x.size * (4 if x.dtype.kind == "f" and x.dtype.itemsize == 4 else 8)
                             for x in converted)
        m = self.metrics(met)
        self.assertEqual(m["arrays"], 8)
        self.assertEqual(m["copies"], 6)
        self.assertEqual(m["bytes_copied"], expected_bytes)
        warnings = [ln for ln in r.stderr.splitlines() if ln.startswith("warn") and "--convert" in ln]
        self.assertEqual(len(warnings), 1, f"one warning for all copies:\n{r!r}")
        self.assertIn("yield #1", warnings[0])
        self.assertRegex(self.summary_line(r) + r.stderr, r"6 copies")

    def test_no_copy_without_need(self):
        met = self.path("m.json")
        r = self.arrayfeed("run", script("feedback.py"), "--convert", "--set", f"record={self.path('r.json')}",
                           "--metrics", met)
        self.assertExit(r, 0)
        m = self.metrics(met)
        self.assertEqual((m["copies"], m["bytes_copied"]), (0, 0))
        self.assertNotInStderr("warning", r)

    def test_unconvertible_input_fails_clearly(self):
        src = self.write("strings.py", (
            "import numpy as np\n"
            "def generate(ctx):\n"
            "    yield np.ones(2)\n"
            "    yield ['a', 'b']\n"))
        r = self.arrayfeed("run", src, "--convert")
        self.assertExit(r, 1)
        self.assertInStderr(f"yield #2 at {src}:4: --convert could not make a float64 array of it", r)
        self.assertInStderr("Cannot cast array data from dtype('<U1') to dtype('float64')", r)

    def assert_first_yield_refused(self, cases, *args):
        """cases: name -> (the generator's body, a line of the expected message)."""
        for case, (body, message) in cases.items():
            with self.subTest(case=case):
                src = self.write(f"{case}.py", (
                    "import ctypes, numpy as np\n"
                    "def generate(ctx):\n"
                    f"    {body}\n"))
                r = self.arrayfeed("run", src, *args)
                self.assertExit(r, 1)
                self.assertInStderr(f"yield #1 at {src}:3", r)
                self.assertInStderr(message, r)

    def test_convert_refuses_what_would_lose_meaning(self):
        seconds = "fix:      (x - np.datetime64('1970-01-01')) / np.timedelta64(1, 's') for seconds since 1970-01-01"
        self.assert_first_yield_refused({
            "none": ("yield None", "a NoneType, not an array"),
            "complex": ("yield np.array([1+2j, 3j])",
                        "fix:      np.abs(x) for the magnitudes, or x.real for the real parts, whichever"),
            "complex64": ("yield np.array([1+2j, 3j], dtype=np.complex64)",
                          "fix:      np.abs(x) for the magnitudes, or x.real for the real parts"),
            "dates": ("yield np.array(['2020-01-01'], dtype='datetime64[D]')", seconds),
            "date_scalar": ("yield np.datetime64('2020-01-01')", seconds),
            "masked": ("yield np.ma.masked_array([1.0, 2.0, 1e9], mask=[0, 0, 1])", "a masked array"),
        }, "--convert")

    def test_unreadable_buffers_and_records_are_refused_clearly(self):
        self.assert_first_yield_refused({
            "released": ("m = memoryview(b'abcdefgh'); m.release(); yield m",
                         "a memoryview whose buffer cannot be read"),
            "record": ("yield np.zeros(1, dtype=[('a', 'f8'), ('b', 'i4')])[0]", "got:      void (|V12), shape (),"),
            "ctypes_bitfield": ("yield type('S', (ctypes.Structure,), {'_fields_': "
                                "[('a', ctypes.c_int, 3), ('b', ctypes.c_double)]})()",
                                "a S (ctypes_bitfield.S) whose buffer NumPy cannot read"),
            "records": ("yield np.zeros(3, dtype=[('a', 'f8'), ('b', 'i4')])",
                        "yield one field, e.g. x['a'] (fields: a, b)"),
        })

    def test_objects_whose_protocol_copies_get_the_call_that_gets_the_array(self):
        # Stand-ins with the module and class names of PIL and h5py (which the
        # tests do not need): the hint depends only on those. pandas is real.
        fakes = (
            "import pandas as pd\n"
            "class Image:\n"
            "    __module__ = 'PIL.Image'\n"
            "    @property\n"
            "    def __array_interface__(self):  # as PIL's: the pixels copied into new bytes each time\n"
            "        return {'shape': (2,), 'typestr': '<f8', 'data': bytes(16), 'version': 3}\n"
            "class Dataset:\n"
            "    __module__ = 'h5py._hl.dataset'\n"
            "    def __array__(self, dtype=None):\n"
            "        return np.zeros(2)\n"
            "def IntegerArray():\n"
            "    return pd.array([1, None], dtype='Int64')\n"
            "class Tensor:\n"
            "    def __dlpack__(self, stream=None):\n"
            "        raise NotImplementedError('no export')\n")
        copies = "array each time, a copy rather than its own memory"
        cases = {
            "Image": (f"an Image (PIL.Image.Image) whose __array_interface__ makes a new float64 {copies}",
                      "fix:      np.array(x)  (the copy made explicit)   (or run with --convert"),
            "Dataset": (f"a Dataset (h5py._hl.dataset.Dataset) whose __array__ makes a new float64 {copies}",
                        "fix:      x[...]  (reads the data set into a NumPy array)   (or run with --convert"),
            "IntegerArray": ("an IntegerArray (pandas.core.arrays.integer.IntegerArray) whose __array__ makes a new "
                             f"object {copies}",
                             "fix:      x.to_numpy(dtype=np.float64, na_value=np.nan)   (or run with --convert"),
            "Tensor": ("a Tensor (Tensor.Tensor) whose __dlpack__ NumPy cannot read (NotImplementedError: no export)",
                       "fix:      yield a NumPy array\n"),
        }
        for name, (got, fix) in cases.items():
            with self.subTest(name=name):
                src = self.write(f"{name}.py", f"import numpy as np\n{fakes}def generate(ctx):\n    yield {name}()\n")
                r = self.arrayfeed("run", src)
                self.assertExit(r, 1)
                self.assertInStderr(f"got:      {got}\n", r)
                self.assertInStderr(fix, r)

    def test_an_int_is_an_int(self):
        src = self.write("int.py", "def generate(ctx):\n    yield 7\n")
        r = self.arrayfeed("run", src)
        self.assertExit(r, 1)
        self.assertInStderr("got:      an int, not an array", r)


if __name__ == "__main__":
    unittest.main()

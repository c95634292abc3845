"""Under --prefetch an array in flight must not change: the arrays behind it
are made read-only, and an array whose memory belongs to an object that
cannot be (a bytearray, a ctypes array, a memoryview, an array.array, an
mmap, an __array_interface__ or DLPack producer) is refused, or copied under
--convert, counted; one whose chain ends in memory NumPy owns goes through
without a copy."""

import os
import unittest

from e2e_support import ArrayfeedTestCase, parse_jsonl, script

OWNED = script("owned_elsewhere.py")
COUNT = 20

# owner -> how the refusal names it
UNGUARDABLE = {
    "bytearray": "a bytearray",
    "ctypes": "a c_double_Array_100000 (owned_elsewhere.c_double_Array_100000)",
    "memoryview": "a bytearray",
    "array": "an array (array.array)",
    "mmap": "a mmap (mmap.mmap)",
    "interface": "an Interface (owned_elsewhere.Interface)",
    "dlpack": "a PyCapsule",
}


class InFlightOwners(ArrayfeedTestCase):

    def run_owner(self, owner, *extra, code=0):
        out, met = self.path("out.jsonl"), self.path("m.json")
        r = self.arrayfeed("run", OWNED, "--set", f"owner={owner}", "--set", f"count={COUNT}", "--prefetch", "2",
                           "--output", out, "--metrics", met, *extra)
        self.assertExit(r, code)
        return r, parse_jsonl(out) if os.path.exists(out) else None, self.metrics(met)

    def test_memory_owned_by_an_object_that_cannot_be_made_read_only_is_refused(self):
        for owner, named in UNGUARDABLE.items():
            with self.subTest(owner=owner):
                r, lines, m = self.run_owner(owner, code=1)
                self.assertInStderr(f"yield #1 at {OWNED}:", r)
                self.assertInStderr(f"the kernel reads each array on another thread while the script runs on, and "
                                    f"its memory belongs to {named}, which cannot be made read-only meanwhile", r)
                self.assertInStderr("fix:      yield a NumPy array that owns its memory, e.g. np.array(x)", r)
                self.assertIsNone(lines, "no result came, so the output file the run created is removed")
                self.assertEqual(m["arrays"], 0)

    def test_under_convert_such_arrays_are_copied_counted_and_read_as_yielded(self):
        for owner in UNGUARDABLE:
            with self.subTest(owner=owner):
                r, lines, m = self.run_owner(owner, "--convert")
                self.assertEqual([line["mean"] for line in lines], [float(k) for k in range(COUNT)])
                self.assertEqual((m["copies"], m["bytes_copied"]), (COUNT, COUNT * 100000 * 8))
                self.assertInStderr("with a copy (--convert) (its memory belongs to ", r)

    def test_a_chain_of_views_of_numpy_memory_and_bytes_go_through_without_a_copy(self):
        counted = [float(k) for k in range(COUNT)]
        for owner, means in (("numpy_chain", counted), ("strided", counted), ("bytes", [0.0] * COUNT)):
            for extra in ([], ["--convert"]):
                with self.subTest(owner=owner, extra=extra):
                    r, lines, m = self.run_owner(owner, *extra)
                    self.assertEqual([line["mean"] for line in lines], means)
                    self.assertEqual(m["copies"], 0)


if __name__ == "__main__":
    unittest.main()

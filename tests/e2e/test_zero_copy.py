"""Zero-copy: one 400 MB float32 array yielded 30 times through `nop`. The
host must hand it over in place every time: no copy in the metrics, no second
400 MB in the process's peak memory, and far less host time than one copy."""

import time
import unittest

import numpy as np

from e2e_support import ArrayfeedTestCase, script

VALUES = 100_000_000            # float32: 400 MB, as in scripts/big_array.py
ARRAY_BYTES = VALUES * 4
YIELDS = 30
MB = 1_000_000


class ZeroCopy(ArrayfeedTestCase):

    def one_copy_seconds(self):
        """What ONE copy of such an array costs on this machine, now."""
        x = np.ones(VALUES, dtype=np.float32)
        started = time.perf_counter()
        y = np.copy(x)
        seconds = time.perf_counter() - started
        self.assertEqual(y.nbytes, ARRAY_BYTES)
        del x, y
        return seconds

    def test_big_array_is_handed_over_in_place(self):
        met = self.path("metrics.json")
        r = self.arrayfeed("run", script("big_array.py"), "--kernel", "nop", "--set", f"count={YIELDS}",
                           "--metrics", met, timeout=120)
        self.assertExit(r, 0)
        m = self.metrics(met)
        self.assertEqual(m["arrays"], YIELDS)
        self.assertEqual(m["end_reason"], "exhausted")
        self.assertEqual(m["copies"], 0)
        self.assertEqual(m["bytes_copied"], 0)
        self.assertEqual(m["bytes_handed_over"], YIELDS * ARRAY_BYTES)

        # Peak memory of exactly that child (wait4): the array itself (~400 MB,
        # which shows the measure is real) plus the interpreter, but never
        # room for a second copy.
        peak = r.maxrss_kb * 1024
        self.assertGreater(peak, 0.95 * ARRAY_BYTES, f"peak RSS {peak / MB:.0f} MB: the array was not there?")
        self.assertLess(peak, ARRAY_BYTES + 300 * MB,
                        f"peak RSS {peak / MB:.0f} MB: room for a copy of the 400 MB array")

        # 30 hand-overs cost less than a tenth of ONE copy.
        copy = self.one_copy_seconds()
        spent = m["host_seconds"] + m["kernel_seconds"]
        self.assertLess(spent, copy / 10,
                        f"host + kernel {spent * 1e3:.2f} ms for {YIELDS} arrays; one np.copy {copy * 1e3:.1f} ms")
        self.assertLess(m["latency_p99_us"] * 1e-6, copy / 10)


if __name__ == "__main__":
    unittest.main()

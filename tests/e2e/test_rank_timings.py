"""--timings under several MPI ranks: every rank times its own arrays, so
each writes its own file, named by {rank}."""

import os
import unittest

import numpy as np

from e2e_support import MPIRUN, ArrayfeedTestCase, script
from test_ranks import MPI


@unittest.skipUnless(MPI and MPIRUN, "arrayfeed built without MPI, or no mpirun")
class RankTimings(ArrayfeedTestCase):
    def test_each_rank_writes_its_own_file_named_by_rank(self):
        r = self.mpirun(2, "run", script("numbered.py"), "--max-arrays", "5", "--timings", self.path("t-{rank}.npy"))
        self.assertExit(r, 0)
        for rank in (0, 1):
            self.assertEqual(np.load(self.path(f"t-{rank}.npy"))["index"].tolist(), list(range(5)))

    def test_a_name_without_rank_is_refused(self):
        r = self.mpirun(2, "run", script("numbered.py"), "--max-arrays", "5", "--timings", self.path("t.npy"))
        self.assertExit(r, 2)
        self.assertInStderr("--timings '" + self.path("t.npy") + "' would be written by each of the 2 ranks: put {rank}",
                            r)
        self.assertFalse(os.path.exists(self.path("t.npy")))

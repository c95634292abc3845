"""How ranks of one job end when one fails or all are told to stop:
independent ranks hearing of another's failure, and SIGTERM to mpirun
(tests/e2e/test_ranks.py has the rest of scale-out)."""

import os
import signal
import time

import numpy as np

from e2e_support import ArrayfeedTestCase, parse_json, parse_jsonl
from test_ranks import RANKS, needs_mpi


@needs_mpi
class Independent(ArrayfeedTestCase):
    """A kernel of its own on each rank (stats): every rank runs at its pace."""

    def test_a_failing_rank_stops_the_others_within_a_few_arrays_with_its_code_rows_kept(self):
        # Rank 0 alone would take 1000 s (100,000 steps of 10 ms): it hears of rank 1's failure and stops.
        for loop in ([], ["--prefetch", "2"]):
            with self.subTest(loop=loop):
                r = self.mpirun(2, "run", RANKS, "--kernel", "stats", "--set", "case=steps", "--set", "steps=100000",
                                "--set", "pause=0.01", "--set", "fail_rank=1", "--set", "fail_at=3",
                                "--output", self.path("out-{rank}.jsonl"), *loop)
                self.assertExit(r, 1)
                self.assertInStderr("RuntimeError: rank 1 fails at step 3", r)
                self.assertInStderr("error [rank 0]: rank 1 failed (exit code 1), so this rank stopped too", r)
                rows = parse_jsonl(self.path("out-0.jsonl"))
                self.assertEqual([row["index"] for row in rows], list(range(len(rows))))
                self.assertLess(len(rows), 300, "rank 0 went on long after rank 1 failed")
                self.assertNotInStderr("while ending", r)
                self.assertEqual(len(parse_jsonl(self.path("out-1.jsonl"))), 2)

    def test_every_rank_failing_at_once_ends_the_job_without_a_hang(self):
        r = self.mpirun(2, "run", RANKS, "--kernel", "stats", "--set", "case=steps", "--set", "steps=50",
                        "--set", "pause=0.01", "--set", "fail_rank=all", "--set", "fail_at=3")
        self.assertExit(r, 1)
        # A rank may hear of the other's failure just before its own step 3: then it says so.
        for rank, other in ((0, 1), (1, 0)):
            own = f"RuntimeError: rank {rank} fails at step 3"
            told = f"error [rank {rank}]: rank {other} failed (exit code 1), so this rank stopped too"
            self.assertTrue(own in r.stderr or told in r.stderr, f"rank {rank} says neither:\n{r!r}")
        self.assertRegex(r.stderr, r"RuntimeError: rank \d fails at step 3")

    def test_a_rank_ending_with_systemexit_256_ends_cleanly_and_stops_no_one(self):
        # The process exits with the low 8 bits, 0: a clean end, not a failure to tell the others of.
        r = self.mpirun(2, "run", RANKS, "--kernel", "stats", "--set", "case=steps", "--set", "steps=20",
                        "--set", "pause=0.01", "--set", "fail_rank=1", "--set", "fail_at=3",
                        "--set", "fail_exit=256", "--output", self.path("out-{rank}.jsonl"))
        self.assertExit(r, 0)
        self.assertNotInStderr("failed", r)
        self.assertEqual(len(parse_jsonl(self.path("out-0.jsonl"))), 20)

    def test_ranks_that_end_well_after_another_failed_still_exit_with_its_code(self):
        # Rank 0 is done before rank 1 fails: nothing to stop, but the job still failed.
        r = self.mpirun(2, "run", RANKS, "--kernel", "stats", "--set", "case=steps", "--set", "steps=2,6",
                        "--set", "pause=0.05", "--set", "fail_rank=1", "--set", "fail_at=5",
                        "--output", self.path("out-{rank}.jsonl"))
        self.assertExit(r, 1)
        self.assertInStderr("error [rank 0]: rank 1 failed (exit code 1), so this rank stopped too", r)
        self.assertEqual(len(parse_jsonl(self.path("out-0.jsonl"))), 2)
        self.assertEqual(len(parse_jsonl(self.path("out-1.jsonl"))), 4)



@needs_mpi
class Terminated(ArrayfeedTestCase):
    """SIGTERM to mpirun: Open MPI sends SIGTERM to every rank a grace period
    (odls_base_sigkill_timeout, 1 s) after SIGCONT, and SIGKILL one more after."""

    def terminate(self, *args):
        out = self.path("out-{rank}.jsonl")
        job = self.start_mpirun(2, "run", RANKS, "--set", "case=steps", "--set", "steps=100000",
                                "--set", "pause=0.01", "--output", out, "--metrics", self.path("metrics.json"), *args)
        first_rows = self.path("out-0.jsonl")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not (os.path.exists(first_rows) and os.path.getsize(first_rows)):
            time.sleep(0.05)
        job.send_signal(signal.SIGTERM)
        r = job.wait()
        self.assertNotEqual(r.returncode, 0, r)
        self.assertEqual(r.stderr.count("arrayfeed summary:"), 1, r)
        self.assertInStderr("ended: terminated (SIGTERM)", r)
        self.assertNotInStderr("failed", r)
        metrics = parse_json(self.path("metrics.json"))
        self.assertEqual((metrics["end_reason"], metrics["exit_code"]), ("terminated", 143))
        return r

    def test_independent_ranks_end_gracefully_each_keeping_its_rows(self):
        r = self.terminate("--kernel", "stats")
        for rank in (0, 1):
            self.assertInStderr(f"warning [rank {rank}]: stopped: terminated (SIGTERM)", r)
            rows = parse_jsonl(self.path(f"out-{rank}.jsonl"))
            self.assertEqual([row["index"] for row in rows], list(range(len(rows))))

    def test_ranks_in_lock_step_end_together_rank_0_keeping_the_rows(self):
        rng = np.random.default_rng(5)
        r = self.terminate("--kernel", "lsq", "--data", f"X={self.save('X.npy', rng.standard_normal((10, 2)))}",
                           "--data", f"y={self.save('y.npy', rng.standard_normal(10))}")
        rows = parse_jsonl(self.path("out-0.jsonl"))
        self.assertGreater(len(rows), 0)
        self.assertEqual([row["index"] for row in rows], list(range(len(rows))))
        self.assertInStderr("warning [rank 0]: stopped: terminated (SIGTERM)", r)

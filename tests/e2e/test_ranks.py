"""One job as several MPI ranks (mpirun -np N): what the script sees through
ctx (rank, size, shard, allreduce, comm), the same script alone, each rank's
own --output, and the usage errors. A build without MPI refuses to run as
one of several ranks."""

import json
import os
import re
import subprocess
import unittest

import numpy as np

from e2e_support import (ARRAYFEED, MPIRUN, SOURCE_DIR, ArrayfeedTestCase, Process, child_env, line_of,
                         parse_json, parse_jsonl, plugin, script)

RANKS = script("ranks.py")


def mpi_built_in():
    info = subprocess.run([str(ARRAYFEED), "info"], capture_output=True, text=True, env=child_env(), check=True)
    return re.search(r"(?m)^mpi\s+built in", info.stdout) is not None


MPI = ARRAYFEED.is_file() and mpi_built_in()
needs_mpi = unittest.skipUnless(MPI and MPIRUN, "arrayfeed built without MPI, or no mpirun")


class Alone(ArrayfeedTestCase):
    """Without a launcher a script sees one rank, and ctx's calls still check what they are given."""

    def test_one_rank_whose_shard_is_everything_and_reduce_leaves_values(self):
        out = self.path("out-{rank}.jsonl")
        r = self.arrayfeed("run", RANKS, "--kernel", "stats", "--set", "case=shard", "--set", "n=5", "--output", out)
        self.assertExit(r, 0)
        self.assertEqual([row["sum"] for row in parse_jsonl(self.path("out-0.jsonl"))], [0, 1, 2, 3, 4])
        self.assertNotIn("rank", parse_jsonl(self.path("out-0.jsonl"))[0])
        self.assertExit(self.arrayfeed("run", RANKS, "--set", "case=reduce", "--set", f"out={self.tmp}"), 0)
        found = np.load(self.path("reduce-0.npz"))
        self.assertEqual((found["rank"][0], found["size"][0]), (0, 1))
        np.testing.assert_array_equal(found["sum_float64"], [1, 10, 0])
        np.testing.assert_array_equal(found["max_int32"], [1, 10, 0])

    def test_comm_is_none(self):
        self.assertExit(self.arrayfeed("run", RANKS, "--set", "case=comm", "--set", f"out={self.tmp}"), 0)
        self.assertIn("none", np.load(self.path("comm-0.npz")).files)

    def test_allreduce_refuses_what_it_cannot_reduce_in_place_with_a_fix_that_keeps_the_values(self):
        fixes = {
            "list": "got list; fix: a = ctx.allreduce(np.array(value))",
            "float16": "got float16; fix: a = ctx.allreduce(a.astype(np.float32))",
            "uint64": "got uint64; fix: a = ctx.allreduce(a.astype(np.float64)) (exact up to 2**53)",
            "bigendian": "got >f8; fix: a = ctx.allreduce(a.astype(np.float64))",
            "complex": "got complex128; fix: for a sum, ctx.allreduce(a.view(np.float64))",
            "strided": "the array is not contiguous; fix: a = ctx.allreduce(a.copy())",
            "readonly": "the array is read-only; fix: a = ctx.allreduce(a.copy())",
        }
        where = f"{RANKS}\", line {line_of(RANKS, '# REFUSED ARG')}"
        for arg, fix in fixes.items():
            with self.subTest(arg=arg):
                r = self.arrayfeed("run", RANKS, "--set", "case=refused", "--set", f"arg={arg}")
                self.assertExit(r, 1)
                self.assertInStderr(where, r)
                self.assertInStderr("TypeError: ctx.allreduce: ", r)
                self.assertInStderr(fix, r)

    def test_allreduce_names_the_ops_it_has(self):
        r = self.arrayfeed("run", RANKS, "--set", "case=refused", "--set", "arg=list", "--set", "op=mean")
        self.assertExit(r, 1)
        self.assertInStderr(f"line {line_of(RANKS, '# REFUSED OP')}", r)
        self.assertInStderr("ValueError: ctx.allreduce: op is 'mean'; use one of 'sum', 'min', 'max'", r)


    def test_a_collective_plugin_alone_reduces_over_itself(self):
        r = self.arrayfeed("run", RANKS, "--plugin", plugin("collective"), "--kernel", "ranked_sum",
                           "--set", "case=shard", "--set", "n=4", "--output", self.path("out.jsonl"))
        self.assertExit(r, 0)
        rows = parse_jsonl(self.path("out.jsonl"))
        self.assertEqual([(row["local"], row["total"], row["rank"], row["size"]) for row in rows],
                         [(float(i), float(i), 0, 1) for i in range(4)])
        self.assertInStderr("  kernel       calls=4\n", r)

    def test_a_plugin_may_reduce_only_when_collective_and_not_in_init(self):
        for kernel, sets, message in (
                ("ranked_sum", ["--set", "reduce_in=init"], "allreduce is not for init: the ranks set up one after "
                                                            "another"),
                ("ranked_sum", ["--set", "reduce_in=init_ignored"], "allreduce is not for init"),
                ("loose_sum", [], "kernel 'loose_sum' called allreduce but is not flagged AFEED_KERNEL_COLLECTIVE"),
                ("loose_parallel_sum", ["--threads", "2"], "kernel 'loose_parallel_sum' called allreduce but is not "
                                                           "flagged AFEED_KERNEL_COLLECTIVE")):
            with self.subTest(kernel=kernel):
                r = self.arrayfeed("run", RANKS, "--plugin", plugin("collective"), "--kernel", kernel,
                                   "--set", "case=shard", "--set", "n=4", *sets)
                self.assertExit(r, 3)
                self.assertInStderr(message, r)

    @unittest.skipUnless(len(os.sched_getaffinity(0)) >= 2, "needs two cores to leave one out")
    def test_threads_that_would_share_too_few_cores_are_warned_of(self):
        args = ["run", RANKS, "--kernel", "stats", "--set", "case=shard", "--set", "n=4", "--threads", "2"]
        cramped = Process(args, self.tmp, launcher=["taskset", "-c", "0"]).wait()
        self.assertExit(cramped, 0)
        self.assertInStderr("--threads 2 keeps 3 threads busy, but this process may use only 1 of the machine's", cramped)
        self.assertInStderr("--bind-to none or --map-by slot:PE=", cramped)
        roomy = self.arrayfeed(*args)
        self.assertExit(roomy, 0)
        self.assertNotInStderr("keeps 3 threads busy", roomy)

@needs_mpi
class TwoRanks(ArrayfeedTestCase):
    """mpirun -np 2 (and 3, more ranks than this machine's cores): one job."""

    def test_info_says_which_rank_each_process_is(self):
        r = self.mpirun(2, "info")
        self.assertExit(r, 0)
        self.assertEqual(sorted(re.findall(r"(?m)^launched\s+as rank (\d) of 2$", r.stdout)), ["0", "1"], r)

    def test_shards_cover_every_item_once_each_rank_writing_its_own_rows(self):
        for ranks in (2, 3):
            with self.subTest(ranks=ranks):
                out = self.path(f"np{ranks}-{{rank}}.jsonl")
                metrics = self.path(f"metrics{ranks}.json")
                r = self.mpirun(ranks, "run", RANKS, "--kernel", "stats", "--set", "case=shard", "--set", "n=11",
                                "--output", out, "--metrics", metrics)
                self.assertExit(r, 0)
                items = []
                for rank in range(ranks):
                    rows = parse_jsonl(self.path(f"np{ranks}-{rank}.jsonl"))
                    self.assertEqual({row["rank"] for row in rows}, {rank})
                    self.assertEqual([row["index"] for row in rows], list(range(len(rows))))
                    items += [row["sum"] for row in rows]
                self.assertEqual(items, list(range(11)))  # in order: each rank's block follows the last
                # One summary, rank 0's, of the whole job, with stats' totals merged over the ranks.
                self.assertEqual(r.stderr.count("arrayfeed summary:"), 1, r)
                self.assertInStderr(f"arrayfeed summary: 11 arrays through 'stats' on {ranks} ranks in ", r)
                self.assertInStderr(f"  kernel       count=11 sum=55 mean=5 std={np.std(np.arange(11)):.6g} min=0 "
                                    "max=10 nan_count=0\n", r)
                job = parse_json(metrics)
                self.assertEqual((job["ranks"], job["arrays"], job["end_reason"]), (ranks, 11, "exhausted"))
                self.assertEqual([(each["rank"], each["arrays"]) for each in job["per_rank"]],
                                 [(rank, 11 // ranks + (rank < 11 % ranks)) for rank in range(ranks)])
                self.assertEqual(max(each["wall_seconds"] for each in job["per_rank"]), job["wall_seconds"])

    def test_allreduce_combines_every_type_and_op_across_ranks_in_place(self):
        r = self.mpirun(2, "run", RANKS, "--set", "case=reduce", "--set", f"out={self.tmp}")
        self.assertExit(r, 0)
        for rank in (0, 1):
            found = np.load(self.path(f"reduce-{rank}.npz"))
            self.assertEqual((found["rank"][0], found["size"][0]), (rank, 2))
            for dtype in ("int32", "int64", "float32", "float64"):
                with self.subTest(rank=rank, dtype=dtype):
                    self.assertEqual(found[f"sum_{dtype}"].dtype, np.dtype(dtype))
                    np.testing.assert_array_equal(found[f"sum_{dtype}"], [3, 30, -1])
                    np.testing.assert_array_equal(found[f"min_{dtype}"], [1, 10, -1])
                    np.testing.assert_array_equal(found[f"max_{dtype}"], [2, 20, 0])

    def test_histogram_totals_are_merged_over_the_ranks(self):
        r = self.mpirun(2, "run", RANKS, "--kernel", "histogram", "--set", "case=shard", "--set", "n=5",
                        "--set", "bins=2", "--set", "lo=0", "--set", "hi=4")
        self.assertExit(r, 0)
        self.assertInStderr("arrayfeed summary: 5 arrays through 'histogram' on 2 ranks in ", r)
        # Rank 0 had 0, 1, 2 and rank 1 had 3, 4: [0, 2) holds 0 and 1, [2, 4] (its upper edge in) 2, 3, 4.
        self.assertInStderr("  kernel       counts=[2, 3] below=0 above=0 nan=0\n", r)

    def test_a_collective_plugin_reduces_in_lock_step_and_in_finish(self):
        r = self.mpirun(2, "run", RANKS, "--plugin", plugin("collective"), "--kernel", "ranked_sum",
                        "--set", "case=shard", "--set", "n=10", "--output", self.path("out.jsonl"))
        self.assertExit(r, 0)
        # Rank 0 yields 0..4 and rank 1 5..9, a step each at a time; rank 0 writes its own rows.
        rows = parse_jsonl(self.path("out.jsonl"))
        self.assertEqual([(row["local"], row["total"], row["rank"], row["size"]) for row in rows],
                         [(float(i), float(i + i + 5), 0, 2) for i in range(5)])
        self.assertInStderr("arrayfeed summary: 10 arrays through 'ranked_sum' on 2 ranks", r)
        self.assertInStderr("  kernel       calls=10\n", r)

    def test_a_fork_pool_in_each_rank_works_and_ends(self):
        # A fork of an embedded interpreter beside MPI (design note: it once hung without MPI): a few runs.
        for attempt in range(3):
            with self.subTest(attempt=attempt):
                r = self.mpirun(2, "run", RANKS, "--kernel", "stats", "--set", "case=pool",
                                "--output", self.path("pool-{rank}.jsonl"), timeout=90)
                self.assertExit(r, 0)
                for rank in (0, 1):
                    sums = [row["sum"] for row in parse_jsonl(self.path(f"pool-{rank}.jsonl"))]
                    self.assertEqual(sums, [float(sum(v * v for v in range(4 * rank, 4 * rank + 4)))] * 3)

    def test_a_collective_kernel_failing_in_finish_on_one_rank_ends_the_job(self):
        r = self.mpirun(2, "run", RANKS, "--plugin", plugin("collective"), "--kernel", "ranked_sum",
                        "--set", "case=shard", "--set", "n=4", "--set", "fail_finish_rank=1")
        self.assertExit(r, 3)
        self.assertInStderr("failed to finish: status 1: finish fails on this rank before its reduction; the other "
                            "ranks may be waiting for this one inside the kernel, so the job ends now (MPI_Abort)", r)

    def test_comm_is_an_mpi4py_communicator_of_the_job(self):
        r = self.mpirun(2, "run", RANKS, "--set", "case=comm", "--set", f"out={self.tmp}")
        self.assertExit(r, 0)
        for rank in (0, 1):
            found = np.load(self.path(f"comm-{rank}.npz"))
            self.assertEqual((found["size"][0], found["rank"][0], found["total"][0]), (2, rank, 3))

    def test_log_lines_say_which_rank_wrote_them(self):
        r = self.mpirun(2, "run", RANKS, "--kernel", "stats", "--set", "case=shard", "--set", "n=2",
                        "--log-level", "debug")
        self.assertExit(r, 0)
        self.assertStderrMatches(r"(?m)^debug \[rank 0\]: ", r)
        self.assertStderrMatches(r"(?m)^debug \[rank 1\]: ", r)

    def test_output_dash_streams_every_ranks_lines_on_stdout_each_with_its_rank(self):
        r = self.mpirun(2, "run", RANKS, "--kernel", "stats", "--set", "case=shard", "--set", "n=6", "-o", "-")
        self.assertExit(r, 0)
        rows = [json.loads(line) for line in r.stdout.splitlines()]
        self.assertEqual(sorted((row["rank"], row["index"]) for row in rows), [(0, 0), (0, 1), (0, 2), (1, 0),
                                                                               (1, 1), (1, 2)], r)
        self.assertEqual(sorted(row["sum"] for row in rows), list(range(6)))

    def test_an_output_every_rank_would_write_is_a_usage_error_naming_rank(self):
        out = self.path("out.jsonl")
        r = self.mpirun(2, "run", RANKS, "--kernel", "stats", "--set", "case=shard", "--set", "n=4", "--output", out)
        self.assertExit(r, 2)
        self.assertInStderr(f"error [rank 0]: --output '{out}' would be written by each of the 2 ranks: put {{rank}} in its "
                            "name (e.g. 'out-{rank}.jsonl')", r)
        self.assertFalse((self.tmp / "out.jsonl").exists())


@needs_mpi
class LockStep(ArrayfeedTestCase):
    """A kernel that reduces across ranks (lsq): the ranks agree before each
    array, so they stop together, and rank 0 writes what they agreed on."""

    def setUp(self):
        super().setUp()
        rng = np.random.default_rng(5)
        self.x = self.save("X.npy", rng.standard_normal((101, 3)))
        self.y = self.save("y.npy", rng.standard_normal(101))

    def lsq(self, ranks, *sets, env=None):
        args = ["run", RANKS, "--kernel", "lsq", "--data", f"X={self.x}", "--data", f"y={self.y}",
                "--set", "case=steps", "--output", self.path("out.jsonl")]
        for s in sets:
            args += ["--set", s]
        return self.mpirun(ranks, *args, env=env) if ranks > 1 else self.arrayfeed(*args)

    def test_two_ranks_find_what_one_finds_and_rank_0_writes_it(self):
        self.assertExit(self.lsq(1, "steps=20"), 0)
        alone = parse_jsonl(self.path("out.jsonl"))
        r = self.lsq(2, "steps=20")
        self.assertExit(r, 0)
        together = parse_jsonl(self.path("out.jsonl"))
        self.assertEqual(len(together), 20)
        self.assertNotIn("rank", together[0])
        for one, two in zip(alone, together):
            self.assertAlmostEqual(two["loss"], one["loss"], delta=1e-12 * one["loss"])
            np.testing.assert_allclose(two["grad"], one["grad"], rtol=1e-9, atol=1e-12)

    def test_the_default_job_at_two_ranks_converges_as_at_one(self):
        config = str(SOURCE_DIR / "config" / "default.toml")
        self.assertExit(self.arrayfeed("run", "--config", config, "--output", self.path("np1.jsonl")), 0)
        r = self.mpirun(2, "run", "--config", config, "--output", self.path("np2.jsonl"), timeout=120)
        self.assertExit(r, 0)
        alone, together = parse_jsonl(self.path("np1.jsonl")), parse_jsonl(self.path("np2.jsonl"))
        self.assertEqual(len(together), len(alone))
        for one, two in zip(alone, together):
            self.assertAlmostEqual(two["loss"], one["loss"], delta=1e-6 * one["loss"])
        self.assertStderrMatches(r"(?m)^info \[rank 0\]: \[script\] converged after \d+ steps", r)
        self.assertEqual(r.stderr.count("arrayfeed summary:"), 1, r)
        self.assertInStderr(f"arrayfeed summary: {2 * len(alone)} arrays through 'lsq' on 2 ranks in ", r)
        self.assertNotInStderr("kernel, rank 0", r)  # lsq's totals are the job's
        self.assertStderrMatches(r"(?m)^info \[rank 1\]: \[script\] converged after \d+ steps", r)

    def test_uneven_generators_stop_together_with_a_warning_from_the_longer(self):
        r = self.lsq(2, "steps=3,5")
        self.assertExit(r, 0)
        self.assertEqual(len(parse_jsonl(self.path("out.jsonl"))), 3)
        self.assertInStderr("warning [rank 1]: another rank's generator ended after 3 arrays: the ranks stop "
                            "together, so this rank's arrays from #4 on are not processed", r)
        self.assertNotInStderr("warning [rank 0]", r)

    def test_a_failing_rank_ends_every_rank_with_its_code_and_traceback(self):
        r = self.lsq(2, "steps=10", "fail_rank=1", "fail_at=4")
        self.assertExit(r, 1)
        self.assertInStderr(f"line {line_of(RANKS, '# FAILS')}", r)
        self.assertInStderr("RuntimeError: rank 1 fails at step 4", r)
        self.assertInStderr("error [rank 0]: rank 1 failed (exit code 1), so this rank stopped too", r)
        self.assertEqual(len(parse_jsonl(self.path("out.jsonl"))), 3)  # the rows before it stay

    def test_a_rank_whose_set_up_fails_ends_the_job_with_its_code(self):
        for failing in ("0", "1"):
            with self.subTest(failing_rank=failing):
                r = self.lsq(2, "steps=5", env={"RANKS_FAIL_IMPORT_ON": failing})
                self.assertExit(r, 1)
                self.assertInStderr("ImportError: this rank cannot import what it needs", r)
                other = 1 - int(failing)
                self.assertInStderr(f"error [rank {other}]: rank {failing} failed (exit code 1)", r)

    def test_a_rank_that_ends_cleanly_before_the_run_ends_the_job_cleanly(self):
        for ending in ("0", "1"):
            with self.subTest(ending_rank=ending):
                r = self.lsq(2, "steps=5", env={"RANKS_EXIT_IMPORT_ON": ending})
                self.assertExit(r, 0)
                self.assertNotInStderr("error", r)

    def test_a_failure_writing_rank_0s_output_ends_every_rank_with_its_code(self):
        out = self.path("out.npy")  # lsq's results are named values, which a .npy file cannot hold
        r = self.mpirun(2, "run", RANKS, "--kernel", "lsq", "--data", f"X={self.x}", "--data", f"y={self.y}",
                        "--set", "case=steps", "--set", "steps=5", "--output", out)
        self.assertExit(r, 3)
        self.assertInStderr("error [rank 0]: --output", r)
        self.assertInStderr("error [rank 1]: rank 0 failed (exit code 3)", r)

    def test_prefetch_and_threads_are_refused(self):
        for option in (["--prefetch", "2"], ["--threads", "2"]):
            with self.subTest(option=option):
                r = self.mpirun(2, "run", RANKS, "--kernel", "lsq", "--data", f"X={self.x}", "--data",
                                f"y={self.y}", "--set", "case=steps", "--set", "steps=5", *option)
                self.assertExit(r, 2)
                self.assertInStderr("are not available with a kernel that reduces across ranks", r)


@unittest.skipIf(MPI, "arrayfeed is built with MPI")
class WithoutMpi(ArrayfeedTestCase):
    """A build without MPI started as one of several ranks would run the whole job on each."""

    def test_refuses_to_run_as_one_of_several_ranks(self):
        src, _ = self.marker_script()
        # What mpirun (Open MPI) or srun (PMI) tells each rank it starts.
        for launcher in ({"OMPI_COMM_WORLD_SIZE": "2", "OMPI_COMM_WORLD_RANK": "1"}, {"PMI_SIZE": "4", "PMI_RANK": "3"}):
            with self.subTest(launcher=launcher):
                r = self.arrayfeed("run", src, env=child_env({"XDG_CACHE_HOME": self.path("cache"), **launcher}))
                self.assertExit(r, 2)
                rank, size = list(launcher.values())[::-1]
                self.assertInStderr(f"error [rank {rank}]: started as rank {rank} of {size} by mpirun (or srun), "
                                    "but this arrayfeed is built without MPI", r)
                self.assertFalse((self.tmp / "ran").exists())
                self.assertNoSummary(r)

    @unittest.skipUnless(MPIRUN, "no mpirun")
    def test_refuses_under_mpirun(self):
        src, _ = self.marker_script()
        r = self.mpirun(2, "run", src)
        self.assertExit(r, 2)
        self.assertInStderr("but this arrayfeed is built without MPI, so each rank would run the whole job", r)
        self.assertFalse((self.tmp / "ran").exists())

    def test_info_says_mpi_is_not_built_in(self):
        r = self.arrayfeed("info")
        self.assertExit(r, 0)
        self.assertIn("not built in (cmake -DARRAYFEED_MPI=ON", r.stdout)


if __name__ == "__main__":
    unittest.main()

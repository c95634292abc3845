"""A script that forks: multiprocessing's fork pools work in every mode (the
host's worker threads exist at fork time under --prefetch/--threads), SIGTERM
kills a forked child, and a child of os.fork() neither hangs nor touches the
parent's run, whether it ends itself or comes back into arrayfeed's loop."""

import unittest

from e2e_support import ArrayfeedTestCase, parse_jsonl, plugin, script

MODES = ([], ["--prefetch", "2"], ["--threads", "3"], ["--threads", "2", "--prefetch", "2"])


class ForkPool(ArrayfeedTestCase):

    def test_fork_pools_work_serial_and_beside_the_hosts_threads(self):
        # The kernel takes 5 ms a call, so workers are mid-call when the script forks.
        expected = [float(sum(v * v for v in range(k + 4))) for k in range(8)]
        for flags in MODES:
            with self.subTest(flags=flags):
                out = self.path("out.jsonl")
                r = self.arrayfeed("run", script("fork_pool.py"), "--plugin", plugin("parallel_probe"),
                                   "--set", "delay_us=5000", "--output", out, *flags, timeout=20)
                self.assertExit(r, 0)
                self.assertEqual([line["value"] for line in parse_jsonl(out)], expected)


class ForkedChild(ArrayfeedTestCase):
    """fork_child.py forks before its third array; the parent records how the child ended."""

    def forked(self, child, *flags):
        out, status = self.path("out.jsonl"), self.path("status")
        r = self.arrayfeed("run", script("fork_child.py"), "--plugin", plugin("parallel_probe"),
                           "--set", "delay_us=2000", "--set", f"child={child}", "--set", f"status={status}",
                           "--output", out, *flags, timeout=30)
        self.assertExit(r, 0)
        self.assertEqual([line["value"] for line in parse_jsonl(out)], [float(k) for k in range(6)],
                         "the parent's results changed")
        with open(status) as f:
            return r, f.read()

    def test_a_child_that_ends_itself_leaves_the_run_alone(self):
        for flags in MODES:
            with self.subTest(flags=flags):
                r, status = self.forked("exit", *flags)
                self.assertEqual(status, "7")

    def test_sigterm_kills_a_forked_child_even_at_once(self):
        # The host's own SIGTERM handler must not catch it in the child, not
        # even before the child has reset it: a Pool's terminate() waited
        # forever for such a worker.
        for flags in MODES[:2]:
            with self.subTest(flags=flags):
                r, status = self.forked("linger", *flags)
                self.assertEqual(status, str(-15), "the child outlived SIGTERM")

    def test_a_child_that_comes_back_into_the_loop_ends_at_once_with_a_message(self):
        for child in ("return", "raise"):
            for flags in MODES[:3]:
                with self.subTest(child=child, flags=flags):
                    r, status = self.forked(child, *flags)
                    self.assertEqual(status, "1", f"the forked child did not end as it should:\n{r!r}")
                    self.assertInStderr("a process forked by the script (os.fork) came back into arrayfeed's "
                                        "loop, where it would run the parent's kernel", r)
                    self.assertInStderr("End a forked child with os._exit()", r)


if __name__ == "__main__":
    unittest.main()

"""The progress display: a live line (on a terminal, or forced with
--progress), with the total and ETA when known; --quiet turns it off."""

import re
import unittest

from e2e_support import ArrayfeedTestCase, script

PACED = script("paced.py")
LIVE_LINE = re.compile(r"\r\x1b\[K(\d+)( of (\d+))? arrays, [0-9.]+ arrays/s, [0-9.]+ [KMG]B/s, "
                       r"elapsed [0-9:.]+(, ETA [0-9:.]+)?")


class ProgressDisplay(ArrayfeedTestCase):

    def live_lines(self, r):
        return LIVE_LINE.findall(r.stderr)

    def test_forced_live_line_counts_up_without_a_total_for_a_generator(self):
        r = self.arrayfeed("run", PACED, "--progress", "--set", "count=8")
        self.assertExit(r, 0)
        lines = self.live_lines(r)
        self.assertGreaterEqual(len(lines), 2, r)
        counts = [int(line[0]) for line in lines]
        self.assertEqual(counts, sorted(counts))
        self.assertTrue(all(line[2] == "" and line[3] == "" for line in lines), "a total without one known")
        self.assertIn("\r\x1b[Karrayfeed summary: 8 arrays", r.stderr, "the line is cleared before the summary")

    def test_the_total_and_eta_come_from_max_arrays_or_len(self):
        for args, total in ((["--max-arrays", "6"], "6"), (["--set", "as_list=1"], "8"),
                            (["--set", "as_list=1", "--max-arrays", "20"], "8")):
            with self.subTest(args=args):
                r = self.arrayfeed("run", PACED, "--progress", "--set", "count=8", *args)
                self.assertExit(r, 0)
                lines = self.live_lines(r)
                self.assertTrue(lines, r)
                self.assertTrue(all(line[2] == total and line[3].startswith(", ETA") for line in lines), lines)

    def test_without_a_terminal_no_live_line_and_quiet_means_nothing(self):
        r = self.arrayfeed("run", PACED, "--set", "count=3")
        self.assertExit(r, 0)
        self.assertEqual(self.live_lines(r), [])
        q = self.arrayfeed("run", PACED, "--set", "count=3", "--quiet")
        self.assertExit(q, 0)
        self.assertEqual(q.stderr, "")

    def test_quiet_and_progress_together_is_a_usage_error(self):
        r = self.arrayfeed("run", PACED, "--quiet", "--progress")
        self.assertExit(r, 2)
        self.assertInStderr("excludes", r)


if __name__ == "__main__":
    unittest.main()

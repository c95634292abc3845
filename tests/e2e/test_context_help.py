"""ctx explains itself: ctx.results_sent_back says whether yield receives the
kernel's results, and help(ctx) describes every field."""

import json
from pathlib import Path

from e2e_support import ArrayfeedTestCase, script

FIELDS = ["params", "data", "kernel", "log", "results_sent_back", "rank", "size", "shard", "allreduce", "comm"]


class ContextHelp(ArrayfeedTestCase):
    def record(self, *args):
        record = self.path("record.json")
        r = self.arrayfeed("run", script("sent_back.py"), "--set", f"record={record}", *args)
        self.assertExit(r, 0)
        return json.loads(Path(record).read_text())

    def test_the_serial_loop_sends_results_back(self):
        got = self.record()
        self.assertIs(got["results_sent_back"], True)
        self.assertTrue(all(received.startswith("{") for received in got["received"]), got["received"])

    def test_the_pipelined_loop_does_not(self):
        for args in (("--prefetch", "1"), ("--threads", "2")):
            with self.subTest(args=args):
                got = self.record(*args)
                self.assertIs(got["results_sent_back"], False)
                self.assertEqual(got["received"], ["None"] * 4)

    def test_help_describes_every_field(self):
        text = self.record()["help"]
        for field in FIELDS:
            self.assertRegex(text, rf"(?m)^\s*\|?\s*{field}\b", f"help(ctx) does not describe {field}:\n{text}")
        self.assertIn("--prefetch", text)

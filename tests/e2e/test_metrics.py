"""--metrics as a user reads it: the layout's version, the tools' versions,
when the run started and ended, the options, the set-up kept out of the
loop's figures, and latency quantiles in order."""

import re
import subprocess
from datetime import datetime, timedelta, timezone

from e2e_support import ARRAYFEED, ArrayfeedTestCase, child_env, plugin, script

ISO_UTC_MS = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")
QUANTILES = ["latency_p50_us", "latency_p90_us", "latency_p99_us", "latency_p999_us", "latency_max_us"]
# The plugin's init sleeps this long: the set-up, not the loop.
INIT_SLEEP_MS = 1500


def utc(text):
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=timezone.utc)


def python_versions():
    """The embedded Python's and NumPy's versions as `arrayfeed info` prints them."""
    info = subprocess.run([str(ARRAYFEED), "info"], capture_output=True, text=True, env=child_env(), check=True).stdout
    return re.search(r"^python\s+(\S+)", info, re.M).group(1), re.search(r"^numpy\s+(\S+)", info, re.M).group(1)


class Metrics(ArrayfeedTestCase):
    def run_paced(self, *args):
        """Twelve paced arrays through stats with --metrics: (result, metrics, before, after)."""
        met = self.path("m.json")
        before = datetime.now(timezone.utc)
        r = self.arrayfeed("run", script("paced.py"), "--set", "count=12", "--set", "pause=0.01",
                           "--metrics", met, *args)
        after = datetime.now(timezone.utc)
        self.assertExit(r, 0)
        return r, self.metrics(met), before, after

    def test_versions_and_times_say_what_ran_and_when(self):
        _, m, before, after = self.run_paced()
        self.assertEqual(m["schema_version"], 2)
        version = subprocess.run([str(ARRAYFEED), "--version"], capture_output=True, text=True).stdout
        self.assertIn(m["versions"]["arrayfeed"], version)
        self.assertEqual((m["versions"]["python"], m["versions"]["numpy"]), python_versions())
        for key in ("started_at", "ended_at"):
            self.assertRegex(m[key], ISO_UTC_MS)
        started, ended = utc(m["started_at"]), utc(m["ended_at"])
        self.assertLess(started, ended)
        # Clocks read to the millisecond, so the bounds get one either way.
        self.assertGreaterEqual(started, before - timedelta(milliseconds=1))
        self.assertLessEqual(ended, after + timedelta(milliseconds=1))
        # The run's span holds the set-up and the loop.
        self.assertGreaterEqual((ended - started).total_seconds() + 0.002, m["init_seconds"] + m["wall_seconds"])

    def test_options_are_those_of_the_command_line(self):
        timings = self.path("t.npy")
        _, m, _, _ = self.run_paced("--kernel", "stats", "--max-arrays", "10", "--prefetch", "2",
                                    "--set", "tag=a\"b", "--timings", timings, "--quiet")
        o = m["options"]
        self.assertEqual(o["script"], script("paced.py"))
        self.assertEqual(o["kernel"], "stats")
        self.assertEqual(o["params"], {"count": "12", "pause": "0.01", "tag": 'a"b'})
        self.assertEqual((o["max_arrays"], o["prefetch"], o["threads"]), (10, 2, 1))
        self.assertEqual((o["timings"], o["metrics"], o["output"]), (timings, self.path("m.json"), None))
        self.assertEqual((o["plugins"], o["data"], o["convert"], o["quiet"]), ([], {}, False, True))
        self.assertEqual(m["arrays"], 10)

    def test_latency_quantiles_are_ordered_and_say_how_they_are_rounded(self):
        _, m, _, _ = self.run_paced()
        values = [m[key] for key in QUANTILES]
        for key, value in zip(QUANTILES, values):
            self.assertIsInstance(value, (int, float), key)
        self.assertGreater(values[0], 0)
        self.assertEqual(values, sorted(values), "p50 <= p90 <= p99 <= p999 <= max")
        self.assertIn("6.25%", m["latency_rounding"])
        rank = m["per_rank"][0]
        self.assertLessEqual(rank["latency_p50_us"], rank["latency_p90_us"])
        self.assertLessEqual(rank["latency_p99_us"], rank["latency_p999_us"])

    def test_a_slow_kernel_init_is_set_up_time_not_the_loops(self):
        met = self.path("m.json")
        r = self.arrayfeed("run", script("numbered.py"), "--plugin", plugin("hangs"), "--set", "call=init",
                           "--set", f"hang_ms={INIT_SLEEP_MS}", "--max-arrays", "20", "--metrics", met)
        self.assertExit(r, 0)
        m = self.metrics(met)
        self.assertGreaterEqual(m["init_seconds"], INIT_SLEEP_MS / 1000)
        self.assertLess(m["wall_seconds"], INIT_SLEEP_MS / 1000)
        self.assertGreater(m["arrays_per_second"], 20 / (INIT_SLEEP_MS / 1000))
        setup = re.search(r"^  set-up +([\d.]+) s \(", r.stderr, re.M)
        self.assertIsNotNone(setup, r)
        self.assertGreaterEqual(float(setup.group(1)), INIT_SLEEP_MS / 1000)
        self.assertLess(float(re.search(r" in ([\d.]+) s \(", self.summary_line(r)).group(1)), INIT_SLEEP_MS / 1000)

    def test_a_run_that_fails_in_its_set_up_counts_all_its_time_as_set_up(self):
        met = self.path("m.json")
        r = self.arrayfeed("run", script("numbered.py"), "--plugin", plugin("fails_init"), "--metrics", met)
        self.assertExit(r, 3)
        m = self.metrics(met)
        self.assertEqual((m["arrays"], m["wall_seconds"], m["arrays_per_second"]), (0, 0, 0))
        self.assertGreater(m["init_seconds"], 0)

"""Command line and config file: usage errors exit 2 with a message saying what
is wrong, and a config file's values yield to the command line."""

import json
import os
import unittest

from e2e_support import ArrayfeedTestCase, script


class UsageErrors(ArrayfeedTestCase):

    def usage_error(self, *args):
        return self.run_refused_before_start(2, *args)

    def test_unknown_flag(self):
        r = self.usage_error("--no-such-flag")
        self.assertInStderr("--no-such-flag", r)

    def test_missing_script(self):
        missing = self.path("nowhere/job.py")
        r = self.arrayfeed("run", missing)
        self.assertExit(r, 2)
        self.assertInStderr(f"'{missing}' not found", r)
        r = self.arrayfeed("check", missing)
        self.assertExit(r, 2)
        self.assertInStderr(missing, r)

    def test_script_that_is_a_directory(self):
        r = self.arrayfeed("run", str(self.tmp))
        self.assertExit(r, 2)
        self.assertInStderr(str(self.tmp), r)

    def test_bad_max_arrays(self):
        for value in ("-1", "abc", "1.5", ""):
            with self.subTest(value=value):
                r = self.usage_error("--max-arrays", value)
                self.assertInStderr("--max-arrays", r)
        self.assertInStderr("'-1'", self.usage_error("--max-arrays", "-1"))

    def test_bad_set(self):
        for value in ("nokey", "=value"):
            with self.subTest(value=value):
                r = self.usage_error("--set", value)
                self.assertInStderr("KEY=VALUE", r)
                self.assertInStderr(f"'{value}'", r)

    def test_bad_log_level(self):
        r = self.usage_error("--log-level", "loud")
        self.assertInStderr("loud", r)

    def test_unknown_kernel_lists_known_kernels(self):
        r = self.usage_error("--kernel", "fft")
        self.assertInStderr("unknown kernel 'fft'", r)
        self.assertInStderr("nop", r)
        self.assertInStderr("stats", r)
        r = self.arrayfeed("check", script("feedback.py"), "--kernel", "fft")
        self.assertExit(r, 2)
        self.assertInStderr("unknown kernel 'fft'", r)

    def test_unsupported_output_format(self):
        r = self.usage_error("--output", self.path("results.csv"))
        self.assertInStderr(".npy", r)
        self.assertInStderr(".jsonl", r)

    def test_output_in_missing_folder(self):
        target = self.path("no/such/dir/out.jsonl")
        r = self.usage_error("--output", target)
        self.assertInStderr(target, r)

    def test_metrics_in_missing_folder(self):
        target = self.path("no/such/dir/m.json")
        r = self.usage_error("--metrics", target)
        self.assertInStderr(target, r)

    def test_no_or_unknown_subcommand(self):
        for args in ((), ("frobnicate",)):
            with self.subTest(args=args):
                r = self.arrayfeed(*args)
                self.assertExit(r, 2)
                self.assertTrue(r.stderr.strip(), "a usage error says something")

    def test_an_unknown_command_is_named_with_the_nearest(self):
        for given, expected in (("bogus", "unknown command 'bogus': the commands are run, check, kernels, plot, info"),
                                ("rnu", "unknown command 'rnu' (did you mean 'run'?): the commands are run, "),
                                ("job.py", "unknown command 'job.py' (to run the script: arrayfeed run job.py)")):
            with self.subTest(given=given):
                r = self.arrayfeed(given, "x.py")
                self.assertExit(r, 2)
                self.assertInStderr(expected, r)

    def test_help_is_success(self):
        r = self.arrayfeed("run", "--help")
        self.assertExit(r, 0)
        for option in ("--entry", "--kernel", "--set", "--output", "--max-arrays", "--convert",
                       "--log-level", "--metrics", "--quiet"):
            self.assertIn(option, r.stdout + r.stderr, option)
        r = self.arrayfeed("--help")
        self.assertExit(r, 0)
        for word in ("--config", "run", "check", "kernels", "info", "--version"):
            self.assertIn(word, r.stdout + r.stderr, word)


class ConfigFile(ArrayfeedTestCase):

    def probe_config(self, extra_toml=""):
        rec = self.path("ctx.json")
        return rec, self.write("run.toml", (
            f'script = "{script("context_probe.py")}"\n'
            'kernel = "nop"\n'
            'max-arrays = 1\n'
            'log-level = "warn"\n'
            f"{extra_toml}"
            "\n[params]\n"
            f'record = "{rec}"\n'
            'alpha = "from-file"\n'
            "beta = 2\n"
            "gamma = 0.5\n"))

    def read(self, path):
        with open(path) as f:
            return json.load(f)

    def test_config_sets_script_kernel_options_and_params(self):
        rec, cfg = self.probe_config()
        met = self.path("m.json")
        r = self.arrayfeed("run", "--config", cfg, "--metrics", met)
        self.assertExit(r, 0)
        ctx = self.read(rec)
        self.assertEqual(ctx["kernel"]["name"], "nop")
        self.assertEqual(ctx["params"], {"record": rec, "alpha": "from-file", "beta": 2, "gamma": 0.5})
        m = self.metrics(met)
        self.assertEqual((m["kernel"], m["arrays"]), ("nop", 1))
        self.assertNotInStderr("info:", r)  # log-level = "warn" from the file

    def test_command_line_wins_over_the_file(self):
        rec, cfg = self.probe_config()
        met = self.path("m.json")
        r = self.arrayfeed("run", "--config", cfg, "--kernel", "stats", "--max-arrays", "2",
                           "--log-level", "info", "--set", "alpha=from-cli", "--set", "delta=4", "--metrics", met)
        self.assertExit(r, 0)
        ctx = self.read(rec)
        self.assertEqual(ctx["kernel"]["name"], "stats")
        self.assertEqual(ctx["params"], {"record": rec, "alpha": "from-cli", "beta": 2, "gamma": 0.5,
                                         "delta": "4"})
        m = self.metrics(met)
        self.assertEqual((m["kernel"], m["arrays"]), ("stats", 2))
        self.assertInStderr("info: [script] info-line abc", r)

    def test_script_on_the_command_line_wins(self):
        rec, cfg = self.probe_config()
        out = self.path("out.jsonl")
        r = self.arrayfeed("run", script("plain_iterable.py"), "--config", cfg, "--kernel", "stats",
                           "--max-arrays", "5", "--output", out)
        self.assertExit(r, 0)
        self.assertFalse(os.path.exists(rec), "the file's script must not run")
        with open(out) as f:
            self.assertEqual(len(f.read().splitlines()), 2)

    def test_config_before_the_subcommand(self):
        rec, cfg = self.probe_config()
        r = self.arrayfeed("--config", cfg, "run")
        self.assertExit(r, 0)
        self.assertEqual(self.read(rec)["params"]["alpha"], "from-file")

    def test_flags_and_outputs_from_the_file(self):
        out, met = self.path("out.jsonl"), self.path("m.json")
        cfg = self.write("flags.toml", (
            f'script = "{script("bad_yields.py")}"\n'
            "convert = true\n"
            "quiet = true\n"
            f'output = "{out}"\n'
            f'metrics = "{met}"\n'
            "\n[params]\n"
            'case = "int32"\n'))
        r = self.arrayfeed("run", "--config", cfg)
        self.assertExit(r, 0)
        self.assertNoSummary(r)
        with open(out) as f:
            self.assertEqual(len(f.read().splitlines()), 4)
        self.assertEqual(self.metrics(met)["copies"], 1)

    def test_unknown_key_is_an_error_naming_it(self):
        for key in ("kernal", "bogus-option"):
            with self.subTest(key=key):
                rec, cfg = self.probe_config(f'{key} = "x"\n')
                r = self.arrayfeed("run", "--config", cfg)
                self.assertExit(r, 2)
                self.assertInStderr(f"'{key}'", r)
                self.assertInStderr("[params]", r)
                self.assertFalse(os.path.exists(rec))

    def test_bad_value_in_the_file(self):
        for line, text in (('max-arrays = -1', "--max-arrays"), ('kernel = "fft"', "unknown kernel 'fft'")):
            with self.subTest(line=line):
                cfg = self.write("bad.toml", f'script = "{script("feedback.py")}"\n{line}\n')
                r = self.arrayfeed("run", "--config", cfg)
                self.assertExit(r, 2)
                self.assertInStderr(text, r)

    def test_missing_config_file(self):
        missing = self.path("absent.toml")
        r = self.arrayfeed("run", script("feedback.py"), "--config", missing)
        self.assertExit(r, 2)
        self.assertInStderr("absent.toml", r)
        self.assertNoSummary(r)

    def test_check_reads_the_config_too(self):
        _, cfg = self.probe_config()
        r = self.arrayfeed("check", "--config", cfg)
        self.assertExit(r, 0)
        self.assertIn("context_probe.py", r.stdout)
        self.assertIn("'nop'", r.stdout)


if __name__ == "__main__":
    unittest.main()

"""Config files are read with a real TOML parser: values mean what TOML says,
invalid TOML is refused (exit 2) at file:line:column, relative paths are taken
from the file's folder, and numbers are decimal everywhere."""

import json
import os
import shutil
import tomllib
import unittest

import numpy as np

from e2e_support import ArrayfeedTestCase, parse_json, parse_jsonl, plugin, script


def described(params):
    """What scripts/params_types.py records for each value: [type, repr]."""
    return {key: [type(value).__name__, repr(value)] for key, value in params.items()}


class ConfigTestCase(ArrayfeedTestCase):

    def params_seen(self, params_toml, *extra):
        """ctx.params and data_sets(params) of a run with `params_toml` in [params], as [type, repr]."""
        record = self.path("seen.json")
        cfg = self.write("job.toml", f"kernel = \"nop\"\n[params]\nrecord = {json.dumps(record)}\n{params_toml}")
        r = self.arrayfeed("run", script("params_types.py"), "--config", cfg, "--quiet", *extra)
        self.assertExit(r, 0)
        seen = parse_json(record)
        self.assertEqual(seen["ctx"], seen["data_sets"])
        return seen["ctx"]


class ValuesMeanWhatTomlSays(ConfigTestCase):
    """What CLI11's reader used to mangle, with exit 0."""

    def test_a_hash_inside_a_string_is_text(self):
        seen = self.params_seen('name = "a#b"  # a comment\n')
        self.assertEqual(seen["name"], ["str", "'a#b'"])

    def test_a_multi_line_array_is_the_whole_array(self):
        seen = self.params_seen("sizes = [\n  1,\n  2,\n]\n")
        self.assertEqual(seen["sizes"], ["list", "[1, 2]"])

    def test_escapes_are_decoded(self):
        seen = self.params_seen('tab = "a\\tb"\naccent = "caf\\u00e9"\n')
        self.assertEqual(seen["tab"], ["str", repr("a\tb")])
        self.assertEqual(seen["accent"], ["str", repr("caf\u00e9")])

    def test_toml_types_reach_the_script_as_python_objects(self):
        toml = ("steps = 400\nhexa = 0x1F\nlr = 0.03\nbig = 1e20\nwhole = 2.0\nneg_inf = -inf\non = true\n"
                'sizes = [1, 2.5, "x", [true]]\npoint = {x = 1, "y z" = "w"}\nday = 1979-05-27\n'
                "clock = 07:32:00.25\nstamp = 1979-05-27T07:32:00-08:00\nlocal = 1979-05-27T07:32:00\n"
                'text = """\ntwo\nlines"""\n[params.nested]\nk = 2\n')
        seen = self.params_seen(toml)
        expected = described(tomllib.loads("[params]\n" + toml)["params"])  # what Python's own TOML reader says
        for key, value in expected.items():
            self.assertEqual(seen[key], value, key)
        self.assertEqual(seen["steps"], ["int", "400"])
        self.assertEqual(seen["whole"], ["float", "2.0"])

    def test_set_values_stay_text_and_win_over_the_file(self):
        seen = self.params_seen("steps = 400\nlr = 0.5\n", "--set", "steps=3", "--set", "extra=1.5")
        self.assertEqual(seen["steps"], ["str", "'3'"])
        self.assertEqual(seen["extra"], ["str", "'1.5'"])
        self.assertEqual(seen["lr"], ["float", "0.5"])


class InvalidTomlIsRefused(ConfigTestCase):

    CASES = {  # what is wrong: (the [params] table, line:column of the error)
        "a string without quotes": ("name = demo\n", "3:8"),
        "a key given twice": ("steps = 1\nsteps = 2\n", "4:9"),
        "no value": ("steps =\n", "3:8"),
        "an unterminated string": ('name = "demo\n', "3:13"),
        "a table given twice": ("a = 1\n[params]\nb = 2\n", "4:1"),
    }

    def test_each_is_exit_2_at_file_line_column_before_the_script_runs(self):
        for what, (body, position) in self.CASES.items():
            with self.subTest(what):
                cfg = self.write("bad.toml", f'kernel = "nop"\n[params]\n{body}')
                r = self.run_refused_before_start(2, "--config", cfg)
                self.assertInStderr(f"error: {cfg}:{position}: ", r)

    def test_the_message_says_how_to_fix_the_usual_mistakes(self):
        cfg = self.write("bad.toml", 'kernel = nop\n')
        r = self.run_refused_before_start(2, "--config", cfg)
        self.assertInStderr(f"{cfg}:1:", r)
        self.assertInStderr('text needs quotes: key = "text"', r)
        cfg = self.write("bad.toml", '[params]\nname = "demo\n')
        self.assertInStderr("the string is not closed on its line",
                            self.run_refused_before_start(2, "--config", cfg))

    def test_a_value_of_the_wrong_type_names_the_key_and_its_place(self):
        for line, message in (("convert = 1", ":2:11: 'convert' takes true or false, got an integer"),
                              ('kernel = ["nop"]', ":2:10: 'kernel' takes one value, got an array"),
                              ('max-arrays = "5"', ":2:14: 'max-arrays' takes a whole number")):
            with self.subTest(line):
                cfg = self.write("bad.toml", f"# job\n{line}\n")
                self.assertInStderr(cfg + message, self.run_refused_before_start(2, "--config", cfg))

    def test_a_value_the_option_refuses_names_its_place(self):
        cfg = self.write("bad.toml", '# job\nthreads = 0\n')
        r = self.run_refused_before_start(2, "--config", cfg)
        self.assertInStderr(f"error: {cfg}:2:11: --threads: expected a whole number, 1 to 256", r)


class TypedParamsReachKernels(ConfigTestCase):

    def feed(self):
        return self.write("feed.py", (
            "import numpy as np\n"
            "def generate(ctx):\n"
            "    yield np.linspace(-0.5, 1.5, 101)\n"))

    def test_numbers_reach_a_builtin_kernel_in_their_toml_text(self):
        out = self.path("out.jsonl")
        cfg = self.write("job.toml", "kernel = \"histogram\"\n[params]\nlo = 0\nhi = 1.0\nbins = 4\n")
        r = self.arrayfeed("run", self.feed(), "--config", cfg, "--output", out, "--quiet")
        self.assertExit(r, 0)
        expected = np.histogram(np.linspace(-0.5, 1.5, 101), 4, range=(0.0, 1.0))[0].tolist()
        self.assertEqual(parse_jsonl(out)[0]["value"], expected)

    def test_a_float_is_no_whole_number_for_a_kernel(self):
        cfg = self.write("job.toml", "kernel = \"histogram\"\n[params]\nlo = 0\nhi = 1\nbins = 4.0\n")
        r = self.arrayfeed("run", self.feed(), "--config", cfg, "--quiet")
        self.assertExit(r, 2)  # bins is declared whole: refused before init, as a usage error
        self.assertInStderr("parameter 'bins' of kernel 'histogram' must be a whole number, got '4.0'", r)

    def test_the_default_job_refuses_a_fraction_where_it_counts(self):
        cfg = self.write("job.toml", "[params]\nsteps = 2.5\nrows = 300\ncols = 2\n")
        r = self.arrayfeed("run", "--config", cfg)
        self.assertExit(r, 2)
        self.assertInStderr("steps=2.5: steps must be a whole number >= 1", r)


class RelativePaths(ConfigTestCase):

    def folder(self):
        folder = self.tmp / "cfg"
        folder.mkdir()
        return folder

    def test_paths_in_the_file_are_taken_from_its_folder(self):
        folder = self.folder()
        np.save(folder / "x.npy", np.arange(6.0).reshape(2, 3))
        shutil.copy(script("data_report.py"), folder / "report.py")
        shutil.copy(plugin("probe"), folder / "libmine.so")
        cfg = self.write("cfg/job.toml", (
            'script = "report.py"\ndata = ["X=x.npy"]\nplugin = ["libmine.so"]\nkernel = "stats"\n'
            'output = "out/results.jsonl"\nmetrics = "m.json"\n'
            f'[params]\nreport = {json.dumps(self.path("report.json"))}\n'))
        (folder / "out").mkdir()
        r = self.arrayfeed("run", "--config", cfg, "--quiet")  # run in the test's folder, not cfg/
        self.assertExit(r, 0)
        self.assertEqual(parse_json(self.path("report.json"))["X"]["shape"], [2, 3])
        self.assertEqual(len(parse_jsonl(str(folder / "out" / "results.jsonl"))), 1)
        self.assertEqual(self.metrics(str(folder / "m.json"))["arrays"], 1)

    def test_a_missing_path_says_it_came_from_the_config_file(self):
        self.folder()
        for line, position, shown in (('data = ["X=missing.npy"]', "1:8", "cfg/missing.npy"),
                                      ('script = "missing.py"', "1:10", "cfg/missing.py"),
                                      ('metrics = "no/m.json"', "1:11", "folder 'cfg/no'")):
            with self.subTest(line):
                cfg = self.write("cfg/job.toml", line + "\n")
                r = self.arrayfeed("run", "--config", "cfg/job.toml")
                self.assertExit(r, 2)
                self.assertInStderr(f"error: cfg/job.toml:{position}: ", r)
                self.assertInStderr(shown, r)
                self.assertInStderr("not found (a relative path in config file cfg/job.toml is taken from that "
                                    "file's folder)", r)
                self.assertNoSummary(r)


class DecimalNumbers(ConfigTestCase):

    def arrays_run(self, *args):
        met = self.path("m.json")
        r = self.arrayfeed("run", script("forever.py"), "--kernel", "nop", "--set", f"finally={self.path('f')}",
                           "--metrics", met, "--quiet", *args)
        self.assertExit(r, 0)
        return self.metrics(met)["arrays"]

    def test_leading_zeros_are_decimal(self):
        self.assertEqual(self.arrays_run("--max-arrays", "010"), 10)
        self.assertEqual(self.arrays_run("--max-arrays", "5", "--threads", "010", "--prefetch", "08"), 5)

    def test_other_bases_are_refused_naming_the_option(self):
        for option, value in (("--max-arrays", "0x10"), ("--threads", "0x10"), ("--prefetch", "0b1"),
                              ("--max-arrays", "+5")):
            with self.subTest(option=option, value=value):
                r = self.run_refused_before_start(2, option, value)
                self.assertInStderr(f"{option}: expected a whole number", r)
                self.assertInStderr(f"in decimal, got '{value}'", r)

    def test_config_numbers_are_decimal_too(self):
        cfg = self.write("job.toml", "max-arrays = 0x10\n")
        r = self.run_refused_before_start(2, "--config", cfg)
        self.assertInStderr(f"{cfg}:1:14: 'max-arrays' takes a decimal number: write max-arrays = 16, not 0x10", r)
        cfg = self.write("job.toml", "threads = 010\n")
        self.assertInStderr(f"{cfg}:1:", self.run_refused_before_start(2, "--config", cfg))


if __name__ == "__main__":
    unittest.main()

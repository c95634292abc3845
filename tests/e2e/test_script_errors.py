"""The script fails: exceptions with Python's traceback, import and syntax
errors, a missing or unusable entry, and SystemExit."""

import os
import unittest

from e2e_support import ArrayfeedTestCase, line_of, parse_jsonl, script


class Exceptions(ArrayfeedTestCase):

    def test_exception_in_generator_gives_full_traceback_and_keeps_results(self):
        src = script("raises.py")
        out, met = self.path("out.jsonl"), self.path("m.json")
        r = self.arrayfeed("run", src, "--output", out, "--metrics", met)
        self.assertExit(r, 1)
        self.assertInStderr("Traceback (most recent call last):", r)
        self.assertInStderr(f'File "{src}", line {line_of(src, "# CALL-LINE")}, in run_steps', r)
        self.assertInStderr(f'File "{src}", line {line_of(src, "# RAISE-LINE")}, in check_step', r)
        self.assertStderrMatches(r"(?m)^ValueError: step 2 is out of range$", r)
        # Frames are in call order: run_steps, then check_step.
        self.assertLess(r.stderr.index("in run_steps"), r.stderr.index("in check_step"))
        self.assertNotInStderr("<arrayfeed", r)  # no frames of the host's own helpers
        # The two results computed before the exception are kept.
        lines = parse_jsonl(out)
        self.assertEqual([(line["index"], line["mean"]) for line in lines], [(0, 0.0), (1, 1.0)])
        self.assertEqual(self.metrics(met)["arrays"], 2)

    def test_text_utf8_cannot_hold_is_escaped_in_messages_and_logs(self):
        src = self.write("surrogates.py", (
            "import numpy as np\n"
            "def generate(ctx):\n"
            "    ctx.log.warning('caf\\udce9')\n"
            "    yield np.ones(2)\n"
            "    raise ValueError('bad \\udcff byte')\n"))
        r = self.arrayfeed("run", src)
        self.assertExit(r, 1)
        self.assertInStderr("] caf\\udce9", r)
        self.assertStderrMatches(r"(?m)^ValueError: bad \\udcff byte$", r)

    def test_exception_in_entry_call(self):
        src = script("raises.py")
        r = self.arrayfeed("run", src, "--set", "when=call")
        self.assertExit(r, 1)
        self.assertInStderr("Traceback (most recent call last):", r)
        self.assertInStderr(f'File "{src}", line {line_of(src, "# KEYERROR-LINE")}, in not_a_generator', r)
        self.assertStderrMatches(r"(?m)^KeyError: 'missing-key'$", r)

    def test_exception_at_import(self):
        src = self.write("boom.py", "import numpy as np\n\nraise RuntimeError('broken at import')\n")
        r = self.arrayfeed("run", src)
        self.assertExit(r, 1)
        self.assertInStderr(f'File "{src}", line 3, in <module>', r)
        self.assertStderrMatches(r"(?m)^RuntimeError: broken at import$", r)
        self.assertNoSummary(r)


class ImportProblems(ArrayfeedTestCase):

    def test_syntax_error_names_file_and_line(self):
        # Written here, not kept in scripts/: a broken .py in the tree upsets tools that compile it.
        src = self.write("broken.py", "import numpy as np\n\ndef generate(ctx)\n    yield np.ones(1)\n")
        r = self.arrayfeed("run", src)
        self.assertExit(r, 1)
        self.assertInStderr(f'File "{src}", line 3', r)
        self.assertInStderr("SyntaxError", r)

    def test_missing_module(self):
        src = script("missing_module.py")
        r = self.arrayfeed("run", src)
        self.assertExit(r, 1)
        self.assertInStderr(f'File "{src}", line {line_of(src, "# IMPORT-LINE")}', r)
        self.assertStderrMatches(r"ModuleNotFoundError: No module named 'arrayfeed_e2e_no_such_module'", r)

    def test_script_without_py_suffix(self):
        # `python3 job` runs a file whatever its name; arrayfeed should too, or at
        # least say clearly what is wrong (not an internal AttributeError).
        src = self.write("job_script", "import numpy as np\n\ndef generate(ctx):\n    yield np.ones(3)\n")
        out = self.path("out.jsonl")
        r = self.arrayfeed("run", src, "--output", out)
        if r.returncode == 0:
            self.assertEqual(parse_jsonl(out)[0]["count"], 3)
        else:
            self.assertIn(r.returncode, (1, 2), repr(r))
            self.assertInStderr("job_script", r)
            self.assertNotInStderr("'NoneType' object", r)


class Entries(ArrayfeedTestCase):

    def test_missing_entry_lists_the_functions_there_are(self):
        r = self.arrayfeed("run", script("no_entry.py"))
        self.assertExit(r, 1)
        self.assertInStderr("no function 'generate'", r)
        self.assertInStderr("helper, produce", r)
        self.assertInStderr("--entry", r)

    def test_missing_entry_named_with_entry_option(self):
        r = self.arrayfeed("run", script("no_entry.py"), "--entry", "nothing_here")
        self.assertExit(r, 1)
        self.assertInStderr("no function 'nothing_here'", r)

    def test_entry_returning_a_non_iterable(self):
        r = self.arrayfeed("run", script("not_iterable.py"))
        self.assertExit(r, 1)
        self.assertInStderr("generate() returned int, which is not iterable", r)

    def test_entry_that_is_not_callable(self):
        r = self.arrayfeed("run", script("not_iterable.py"), "--entry", "not_callable")
        self.assertExit(r, 1)
        self.assertInStderr("'not_callable' is a int, not a function", r)


class HostSafetyNet(ArrayfeedTestCase):

    def test_a_script_that_breaks_numpy_gets_a_refusal_not_a_crash(self):
        src = self.write("breaks_numpy.py", (
            "import numpy as np\n"
            "def generate(ctx):\n"
            "    yield np.ones(2)\n"
            "    np.asarray = None\n"
            "    yield bytearray(4)\n"))
        r = self.arrayfeed("run", src, "--kernel", "nop")
        self.assertExit(r, 1)
        self.assertInStderr(f"yield #2 at {src}:5", r)
        self.assertInStderr("a bytearray whose buffer NumPy cannot read ('NoneType' object is not callable)", r)

    def test_a_python_error_in_the_host_itself_is_a_script_error_with_summary_not_a_crash(self):
        src = self.write("tampers.py", (
            "import sys\nimport numpy as np\n"
            "def generate(ctx):\n"
            "    yield np.ones(2)\n"
            "    sys.modules['arrayfeed_host_arrays'].as_array = None\n"
            "    yield bytearray(4)\n"))
        met = self.path("m.json")
        r = self.arrayfeed("run", src, "--kernel", "nop", "--metrics", met)
        self.assertExit(r, 1)
        self.assertInStderr("the script gave the host something it cannot use", r)
        self.assertInStderr("TypeError: 'NoneType' object is not callable", r)
        self.assertIn("1 arrays", self.summary_line(r))
        self.assertEqual(self.metrics(met)["arrays"], 1)


class SystemExitCodes(ArrayfeedTestCase):

    def exit_with(self, code):
        out, fin = self.path("out.jsonl"), self.path("finally.txt")
        r = self.arrayfeed("run", script("system_exit.py"), "--set", f"code={code}", "--set", f"finally={fin}",
                           "--output", out)
        self.assertTrue(os.path.exists(fin), f"the generator's finally: did not run:\n{r!r}")
        self.assertEqual(len(parse_jsonl(out)), 2, "results before the exit are kept")
        return r

    def test_system_exit_n_exits_with_n(self):
        for code in (0, 5, 42):
            with self.subTest(code=code):
                r = self.exit_with(code)
                self.assertExit(r, code)
                self.assertNotInStderr("Traceback", r)

    def test_system_exit_none_is_success(self):
        r = self.exit_with("none")
        self.assertExit(r, 0)
        self.assertNotInStderr("Traceback", r)
        self.assertNotInStderr("error", r)

    def test_system_exit_with_a_message_exits_1_and_shows_it(self):
        r = self.exit_with("giving up now")
        self.assertExit(r, 1)
        self.assertInStderr("giving up now", r)

    def test_system_exit_too_large_for_an_exit_code_exits_1_and_says_so(self):
        r = self.exit_with(str(2 ** 70))
        self.assertExit(r, 1)
        self.assertInStderr(f"SystemExit({2 ** 70}): too large for an exit code", r)

    def test_system_exit_at_import(self):
        r = self.arrayfeed("run", script("exit_at_import.py"))
        self.assertExit(r, 4)


if __name__ == "__main__":
    unittest.main()

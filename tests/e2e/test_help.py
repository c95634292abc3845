"""--help of arrayfeed and of each command: exit 0, at most 80 columns, no
escape codes; run's and check's options under their headings; examples that
run as they stand; every exit code of app/core/exit_code.hpp; where to read
more."""

import importlib.util
import re
import shlex
import unittest

from e2e_support import SOURCE_DIR, ArrayfeedTestCase

COMMANDS = ("", "run", "check", "kernels", "plot", "info")  # "" is arrayfeed itself
WIDTH = 80

# Each heading of run's and check's --help with options that belong under it.
GROUPS = {
    "Input": ("SCRIPT", "--config", "--entry", "--data", "--set"),
    "Kernel": ("--kernel", "--plugin", "--convert"),
    "Output": ("--output", "--metrics", "--timings", "--quiet", "--progress"),
    "Performance": ("--max-arrays", "--prefetch", "--threads"),
    "Logging": ("--log-level", "--log-format", "--color"),
}

GEN_PY = """\
import numpy as np


def generate(ctx):
    for i in range(3):
        yield np.linspace(0.0, 1.0, 100) * (i + 1)
"""


def section(text, heading):
    """The lines under `heading:` up to the next blank line."""
    match = re.search(rf"^{heading}:\n((?:.+\n)*)", text, re.MULTILINE)
    return match.group(1) if match else None


def listed_options(lines):
    """The options (and positionals) at the start of an option line."""
    return re.findall(r"^  (?:-\w, )?(--[\w-]+|[A-Z]+\b)", lines, re.MULTILINE)


class Help(ArrayfeedTestCase):

    def help(self, command):
        r = self.arrayfeed(*([command] if command else []), "--help")
        self.assertExit(r, 0)
        return r.stdout

    def test_every_help_fits_80_columns_without_escape_codes(self):
        for command in COMMANDS:
            with self.subTest(command=command or "arrayfeed"):
                text = self.help(command)
                self.assertNotIn("\x1b", text)
                for line in text.splitlines():
                    self.assertLessEqual(len(line), WIDTH, line)

    def test_run_and_check_list_each_option_under_its_heading(self):
        for command in ("run", "check"):
            text = self.help(command)
            for heading, options in GROUPS.items():
                with self.subTest(command=command, heading=heading):
                    lines = section(text, heading)
                    self.assertIsNotNone(lines, f"no {heading}: heading")
                    self.assertEqual(sorted(listed_options(lines)), sorted(options))
            with self.subTest(command=command, heading="Options"):
                self.assertEqual(listed_options(section(text, "Options")), ["--help"])

    def test_top_level_lists_each_command_on_one_line(self):
        lines = section(self.help(""), "Commands").splitlines()
        self.assertEqual([line.split()[0] for line in lines], [c for c in COMMANDS if c])
        for line in lines:
            self.assertGreater(len(line.split()), 1, f"{line!r} has no description")

    def test_exit_codes_are_those_of_exit_code_hpp(self):
        header = (SOURCE_DIR / "app" / "core" / "exit_code.hpp").read_text()
        defined = sorted(int(n) for n in re.findall(r"^\s*Exit\w+ = (\d+),", header, re.MULTILINE))
        self.assertIn(143, defined)  # the header was read
        for command in COMMANDS:
            with self.subTest(command=command or "arrayfeed"):
                lines = section(self.help(command), "Exit codes")
                self.assertIsNotNone(lines, "no Exit codes: heading")
                listed = sorted(int(n) for n in re.findall(r"^  (\d+) +\S", lines, re.MULTILINE))
                self.assertEqual(listed, defined)
                self.assertIn("SystemExit(n)", lines)

    def test_read_more_names_the_readme_and_the_contract(self):
        for command in COMMANDS:
            with self.subTest(command=command or "arrayfeed"):
                more = section(self.help(command), "More")
                self.assertIsNotNone(more, "no More: heading")
                for name in ("README.md", "docs/contract.md"):
                    self.assertIn(name, more)
                    self.assertTrue((SOURCE_DIR / name).is_file(), name)
        self.assertIn("arrayfeed COMMAND --help", section(self.help(""), "More"))

    def examples(self, command):
        lines = section(self.help(command), "Examples")
        self.assertIsNotNone(lines, "no Examples: heading")
        found = re.findall(r"^  (arrayfeed .*)$", lines, re.MULTILINE)
        self.assertTrue(found, "no example")
        return [shlex.split(line)[1:] for line in found]

    def test_examples_use_options_the_command_lists(self):
        for command in COMMANDS:
            for args in self.examples(command):
                with self.subTest(example=" ".join(args)):
                    listed = self.help(args[0])
                    for word in args:
                        if word.startswith("-"):
                            self.assertRegex(listed, rf"(?m)^  (-\w, )?{re.escape(word)}\b|^  {re.escape(word)}, ")

    def run_examples(self, commands):
        self.write("gen.py", GEN_PY)
        done = []
        for command in commands:
            for args in self.examples(command):
                if args not in done:
                    done.append(args)
                    with self.subTest(example=" ".join(args)):
                        self.assertExit(self.arrayfeed(*args), 0)

    def test_examples_run_as_they_stand(self):
        self.run_examples(c for c in COMMANDS if c != "plot")

    @unittest.skipIf(importlib.util.find_spec("matplotlib") is None, "plot needs matplotlib")
    def test_plot_examples_draw_the_timings_of_a_run(self):
        run, plot = self.examples("plot")
        self.write("gen.py", GEN_PY)
        self.assertExit(self.arrayfeed(*run), 0)
        timings = self.tmp / plot[1]
        if not timings.is_file():
            self.skipTest(f"run --timings wrote no {timings.name} (its wiring is still to come, issue 12)")
        self.assertExit(self.arrayfeed(*plot), 0)
        self.assertTrue((self.tmp / plot[-1]).is_file())

if __name__ == "__main__":
    unittest.main()

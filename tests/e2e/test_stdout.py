"""stdout is the user's: the script's print is the process's stdout,
unprefixed, at every log level; arrayfeed's own messages stay on stderr;
--output - streams JSON lines on stdout and sends the prints to stderr."""

import json
import os
import subprocess
import unittest

from e2e_support import ARRAYFEED, ArrayfeedTestCase, child_env

PRINTS = (
    "import numpy as np\n"
    "print('at import')\n"
    "def generate(ctx):\n"
    "    for i in range(3):\n"
    "        print('row', i, flush=(i == 1))\n"
    "        yield np.full(4, float(i))\n"
    "    print('no newline at the end', end='')\n")


class ScriptStdout(ArrayfeedTestCase):

    def test_print_reaches_stdout_unprefixed_at_every_log_level(self):
        src = self.write("prints.py", PRINTS)
        for level in ("trace", "debug", "info", "warn", "error", "critical", "off"):
            with self.subTest(level=level):
                r = self.arrayfeed("run", src, "--log-level", level)
                self.assertExit(r, 0)
                self.assertEqual(r.stdout, "at import\nrow 0\nrow 1\nrow 2\nno newline at the end")
                self.assertNotIn("row 1", r.stderr)
                self.assertIn("arrayfeed summary: 3 arrays", r.stderr)

    def test_output_dash_streams_clean_json_lines_and_prints_go_to_stderr(self):
        src = self.write("prints.py", PRINTS)
        r = self.arrayfeed("run", src, "-o", "-")
        self.assertExit(r, 0)
        lines = r.stdout.splitlines(keepends=True)
        self.assertEqual(len(lines), 3, r)
        self.assertTrue(all(line.endswith("\n") for line in lines), r)
        rows = [json.loads(line) for line in lines]
        self.assertEqual([(row["index"], row["mean"]) for row in rows], [(0, 0.0), (1, 1.0), (2, 2.0)])
        for printed in ("at import\n", "row 0\n", "row 2\n", "no newline at the end"):
            self.assertIn(printed, r.stderr)
        self.assertIn("arrayfeed summary: 3 arrays", r.stderr)

    def test_metrics_dash_is_the_json_summary_alone_on_stdout(self):
        src = self.write("prints.py", PRINTS)
        r = self.arrayfeed("run", src, "--metrics", "-", "-q")
        self.assertExit(r, 0)
        self.assertEqual(json.loads(r.stdout)["arrays"], 3)
        self.assertIn("row 2\n", r.stderr)

    def test_output_dash_appends_to_what_stdout_already_holds(self):
        src = self.write("prints.py", PRINTS)
        target = self.path("appended.jsonl")
        with open(target, "w") as f:
            f.write('{"earlier": true}\n')
        with open(target, "a") as f:  # the shell's >>
            done = subprocess.run([str(ARRAYFEED), "run", src, "--output", "-", "--quiet"], cwd=self.tmp,
                                  env=child_env(), stdout=f, stderr=subprocess.PIPE, timeout=60)
        self.assertEqual(done.returncode, 0, done.stderr)
        with open(target) as f:
            rows = [json.loads(line) for line in f]
        self.assertEqual(rows[0], {"earlier": True})
        self.assertEqual([row["index"] for row in rows[1:]], [0, 1, 2])

    def test_output_dash_in_a_config_file_is_stdout_not_a_file_beside_it(self):
        src = self.write("prints.py", PRINTS)
        os.mkdir(self.path("conf"))
        config = self.write("conf/job.toml", f'script = "{src}"\noutput = "-"\nquiet = true\n')
        r = self.arrayfeed("run", "--config", config)
        self.assertExit(r, 0)
        self.assertEqual([json.loads(line)["index"] for line in r.stdout.splitlines()], [0, 1, 2])
        self.assertFalse(os.path.exists(self.path("conf/-")))

    def test_a_reader_closing_the_stream_early_ends_the_run_saying_so(self):
        src = self.write("many.py", "import numpy as np\n"
                                    "def generate(ctx):\n"
                                    "    for i in range(10**7):\n"
                                    "        yield np.full(10, float(i))\n")
        process = subprocess.Popen([str(ARRAYFEED), "run", src, "-o", "-"], cwd=self.tmp, env=child_env(),
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        first = [json.loads(process.stdout.readline()) for _ in range(2)]
        process.stdout.close()  # as `| head -2` does
        stderr = process.stderr.read().decode()
        self.assertEqual(process.wait(timeout=60), 3, stderr)
        self.assertEqual([row["index"] for row in first], [0, 1])
        self.assertIn("error: writing --output to the standard output failed: its reader closed it", stderr)
        self.assertIn("arrayfeed summary: ", stderr)

    def test_arrayfeeds_own_lines_never_reach_stdout(self):
        r = self.arrayfeed("run", self.write("quiet.py", "import numpy as np\n"
                                                          "def generate(ctx):\n"
                                                          "    yield np.ones(3)\n"),
                           "--log-level", "debug", "--set", "unused=1")
        self.assertExit(r, 0)
        self.assertEqual(r.stdout, "")
        self.assertIn("warning: ", r.stderr)
        self.assertIn("debug: ", r.stderr)


if __name__ == "__main__":
    unittest.main()

"""What a person sees on a terminal (a pseudo terminal here): log lines never
glued onto the live progress line, colour only where wanted (--color,
NO_COLOR), timestamps with --log-format time, --quiet's silence."""

import os
import pty
import re
import select
import subprocess
import unittest

from e2e_support import ARRAYFEED, ArrayfeedTestCase, child_env, plugin, script

SGR = re.compile(r"\x1b\[[0-9;]*m")  # a colour or style: what NO_COLOR forbids
LIVE_TEXT = re.compile(r"\d+ arrays, [0-9.]+ arrays/s")

# Logs and prints between paced arrays, so that records land while the live line is drawn.
CHATTY = (
    "import time\n"
    "import numpy as np\n"
    "def generate(ctx):\n"
    "    for i in range(24):\n"
    "        time.sleep(0.05)\n"
    "        if i % 4 == 3:\n"
    "            ctx.log.info('step %d', i)\n"
    "            print('printed', i)\n"
    "        yield np.full(1000, float(i))\n")


class TerminalRun:
    """arrayfeed with a pseudo terminal as its stdin, stdout and stderr: the
    bytes a terminal would show, in order."""

    def __init__(self, args, cwd, env, timeout=60, typed=b""):
        leader, follower = pty.openpty()
        try:
            process = subprocess.Popen([str(ARRAYFEED), *args], cwd=cwd, env=env, stdin=follower,
                                       stdout=follower, stderr=follower, close_fds=True)
        finally:
            os.close(follower)
        os.write(leader, typed)  # waits in the terminal until the program reads it
        self.raw = self._read_all(leader, timeout, process)
        self.returncode = process.wait(timeout)
        self.text = self.raw.decode("utf-8", errors="replace")

    @staticmethod
    def _read_all(leader, timeout, process):
        chunks = []
        try:
            while select.select([leader], [], [], timeout)[0]:
                chunk = os.read(leader, 65536)
                if not chunk:
                    break
                chunks.append(chunk)
            else:
                process.kill()
                raise AssertionError("arrayfeed on a terminal did not end in time")
        except OSError:  # EIO: the last holder of the terminal closed it
            pass
        finally:
            os.close(leader)
        return b"".join(chunks)

    def screen_lines(self):
        """Each line as the terminal leaves it: text after the last carriage return."""
        return [SGR.sub("", line.split("\r")[-1]).replace("\x1b[K", "")
                for line in self.text.replace("\r\n", "\n").split("\n")]

    def __repr__(self):
        return f"exit code {self.returncode}, terminal bytes:\n{self.raw!r}"


class OnATerminal(ArrayfeedTestCase):

    def run_on_terminal(self, *args, env=None):
        src = self.write("chatty.py", CHATTY)
        return TerminalRun(["run", src, *args], self.tmp, child_env({"TERM": "xterm", **(env or {})}))

    def test_log_lines_and_prints_never_share_a_line_with_the_progress(self):
        t = self.run_on_terminal()
        self.assertEqual(t.returncode, 0, t)
        self.assertRegex(t.text, LIVE_TEXT, f"no live line drawn: {t!r}")
        # The raw bytes: before each record on its line, nothing but the erase of the live line.
        erased = 0
        for line in t.text.replace("\r\n", "\n").split("\n"):
            for marker in ("info\x1b[0m: [script] step", "printed "):
                at = line.find(marker)
                if at < 0:
                    continue
                before = SGR.sub("", line[:at]).split("\r")[-1]
                self.assertIn(before, ("", "\x1b[K"), f"glued onto {line!r}\n{t!r}")
                erased += before == "\x1b[K"
        self.assertGreater(erased, 0, f"no record came while the live line was drawn: {t!r}")
        screen = t.screen_lines()
        steps = [line for line in screen if "[script] step" in line]
        self.assertEqual(len(steps), 6, t)
        self.assertTrue(all(line.startswith("info: [script] step ") for line in steps), steps)
        self.assertEqual(sum(1 for line in screen if line.startswith("printed ")), 6, t)
        self.assertTrue(any(line.startswith("arrayfeed summary: 24 arrays") for line in screen), t)

    def test_colour_on_a_terminal_unless_no_color_or_color_never(self):
        coloured = self.run_on_terminal()
        self.assertRegex(coloured.text, SGR, "a terminal gets coloured level words by default")
        for env, args in (({"NO_COLOR": "1"}, ()), ({}, ("--color", "never")), ({"TERM": "dumb"}, ())):
            with self.subTest(env=env, args=args):
                t = self.run_on_terminal(*args, env=env)
                self.assertEqual(t.returncode, 0, t)
                self.assertIn("info: [script] step 3", t.text)
                self.assertNotRegex(t.text, SGR, t)

    def test_an_empty_no_color_is_no_request(self):
        # no-color.org: NO_COLOR counts when it is set and not empty.
        t = self.run_on_terminal(env={"NO_COLOR": ""})
        self.assertRegex(t.text, SGR, t)

    def test_quiet_on_a_terminal_shows_only_what_the_script_prints(self):
        t = self.run_on_terminal("--quiet")
        self.assertEqual(t.returncode, 0, t)
        lines = [line for line in t.screen_lines() if line]
        self.assertEqual(lines, [f"printed {i}" for i in range(3, 24, 4)], t)


    def test_a_slow_set_up_step_shows_a_spinner_naming_it_then_its_time(self):
        src = self.write("slow_import.py", "import time\nimport numpy as np\ntime.sleep(1.2)\n"
                                           "def generate(ctx):\n    yield np.ones(3)\n")
        t = TerminalRun(["run", src], self.tmp, child_env({"TERM": "xterm"}))
        self.assertEqual(t.returncode, 0, t)
        spins = re.findall(r"\r\x1b\[K([|/\\-]) importing \S*slow_import\.py, 0:0(\d\.\d)", t.text)
        self.assertGreaterEqual(len(spins), 3, t)
        self.assertGreater(len({mark for mark, _ in spins}), 1, "the spinner turns")
        self.assertGreaterEqual(float(spins[-1][1]), 0.9, spins)
        self.assertRegex(t.text, r"info\x1b\[0m: imported \S*slow_import\.py in 1\.\d\d s")
        screen = t.screen_lines()
        self.assertFalse(any("importing" in line for line in screen), f"the spinner was left on screen: {screen}")


    def test_a_slow_kernel_init_shows_the_spinner_naming_it(self):
        t = TerminalRun(["run", script("numbered.py"), "--plugin", plugin("hangs"), "--set", "call=init",
                         "--set", "hang_ms=1200", "--max-arrays", "3"], self.tmp, child_env({"TERM": "xterm"}))
        self.assertEqual(t.returncode, 0, t)
        spins = re.findall(r"\r\x1b\[K[|/\\-] initialising kernel 'hangs', 0:0(\d\.\d)", t.text)
        self.assertGreaterEqual(len(spins), 3, t)
        self.assertGreaterEqual(float(spins[-1]), 1.0, spins)
        self.assertRegex(t.text, r"info\x1b\[0m: kernel 'hangs' initialised in 1\.\d\d s")

    def test_pdb_talks_to_the_terminal_unprefixed(self):
        src = self.write("debugged.py", "import numpy as np\n"
                                        "def generate(ctx):\n"
                                        "    for i in range(3):\n"
                                        "        x = np.full(2, i + 0.5)\n"
                                        "        if i == 1:\n"
                                        "            breakpoint()\n"
                                        "        yield x\n")
        t = TerminalRun(["run", src], self.tmp, child_env({"TERM": "xterm"}), typed=b"p x * 2\nc\n")
        self.assertEqual(t.returncode, 0, t)
        screen = t.screen_lines()
        self.assertIn("-> yield x", screen, t)
        self.assertIn("array([3., 3.])", screen, t)
        self.assertTrue(any(line.startswith("arrayfeed summary: 3 arrays") for line in screen), t)


class OffATerminal(ArrayfeedTestCase):

    def test_set_up_steps_are_announced_timed_and_debug_says_why(self):
        lib = plugin("hangs")
        r = self.arrayfeed("run", script("numbered.py"), "--plugin", lib, "--set", "call=init",
                           "--set", "hang_ms=1200", "--max-arrays", "3", "--log-level", "debug")
        self.assertExit(r, 0)
        expected = [rf"debug: loading plugin '{re.escape(lib)}'",
                    rf"info: loaded plugin '{re.escape(lib)}' \(kernels: hangs\) in [\d.]+ [mu]?s",
                    r"debug: kernel 'hangs': the --plugin's only kernel",
                    r"debug: importing \S*numbered\.py",
                    r"info: imported \S*numbered\.py in [\d.]+ [mu]?s",
                    r"debug: initialising kernel 'hangs'",
                    r"info: kernel 'hangs' initialised in 1\.\d\d s",
                    r"debug: kernel 'hangs' takes ",
                    r"debug: loop: serial, on the main thread: each result is sent back into the generator",
                    r"arrayfeed summary: 3 arrays"]
        at = 0
        for pattern in expected:  # in this order
            found = re.compile(f"(?m)^{pattern}").search(r.stderr, at)
            self.assertIsNotNone(found, f"{pattern!r} not after offset {at}:\n{r!r}")
            at = found.end()
        self.assertRegex(r.stderr, r"(?m)^  set-up +1\.\d+ s")

    def test_a_step_still_under_way_after_5_s_is_logged_where_no_spinner_shows(self):
        r = self.arrayfeed("run", script("numbered.py"), "--plugin", plugin("hangs"), "--set", "call=init",
                           "--set", "hang_ms=5600", "--max-arrays", "3")
        self.assertExit(r, 0)
        self.assertRegex(r.stderr, r"(?m)^info: still initialising kernel 'hangs' \(set-up: 0:05\.\d so far\)\n"
                                   r"info: kernel 'hangs' initialised in 5\.\d\d s$")
        self.assertEqual(r.stderr.count("still "), 1, r)

    def test_debug_names_the_pipelined_layout(self):
        r = self.arrayfeed("run", script("numbered.py"), "--max-arrays", "3", "--prefetch", "2", "--threads", "2",
                           "--log-level", "debug")
        self.assertExit(r, 0)
        self.assertInStderr("debug: loop: pipelined: the generator on the main thread runs up to 2 array(s) ahead "
                            "of the kernel on 2 thread(s); the generator receives None", r)

    def test_no_spinner_when_stderr_is_not_a_terminal(self):
        src = self.write("slow_import.py", "import time\nimport numpy as np\ntime.sleep(0.6)\n"
                                           "def generate(ctx):\n    yield np.ones(3)\n")
        r = self.arrayfeed("run", src)
        self.assertExit(r, 0)
        self.assertRegex(r.stderr, r"(?m)^info: imported \S*slow_import\.py in 0\.\d\d s$")
        self.assertNotIn("importing", r.stderr)

    def test_no_escape_codes_when_stderr_is_not_a_terminal(self):
        src = self.write("chatty.py", CHATTY)
        r = self.arrayfeed("run", src)
        self.assertExit(r, 0)
        self.assertIn("info: [script] step 3", r.stderr)
        self.assertNotIn("\x1b", r.stderr + r.stdout)

    def test_color_always_colours_even_a_file(self):
        src = self.write("chatty.py", CHATTY)
        r = self.arrayfeed("run", src, "--color", "always", "--set", "x=1")
        self.assertExit(r, 0)
        self.assertIn("\x1b[32minfo\x1b[0m: [script] step 3", r.stderr)
        self.assertIn("\x1b[33m\x1b[1mwarning\x1b[0m: ", r.stderr)  # the unknown parameter x

    def test_log_format_time_starts_each_line_with_the_local_time(self):
        src = self.write("chatty.py", CHATTY)
        r = self.arrayfeed("run", src, "--log-format", "time", "--set", "x=1")
        self.assertExit(r, 0)
        stamp = r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} "
        self.assertRegex(r.stderr, rf"(?m)^{stamp}info: \[script\] step 3$")
        self.assertRegex(r.stderr, rf"(?m)^{stamp}warning: ")
        log_lines = [line for line in r.stderr.splitlines() if re.search(r"^\S*\s?\S*\s?(info|warning): ", line)]
        self.assertTrue(log_lines)
        self.assertTrue(all(re.match(stamp, line) for line in log_lines), log_lines)

    def test_an_error_has_the_style_of_the_log(self):
        r = self.arrayfeed("run", self.write("bad.py", "def generate(ctx):\n    raise ValueError('no')\n    yield\n"),
                           "--color", "always", "--log-format", "time")
        self.assertExit(r, 1)
        self.assertRegex(r.stderr, r"(?m)^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} \x1b\[31m\x1b\[1merror\x1b\[0m: "
                                   r"the script raised an exception")

    def test_bad_color_and_log_format_values_are_usage_errors(self):
        for args in (("--color", "sometimes"), ("--log-format", "json")):
            with self.subTest(args=args):
                r = self.arrayfeed("run", self.write("g.py", CHATTY), *args)
                self.assertExit(r, 2)
                self.assertInStderr(args[1], r)


if __name__ == "__main__":
    unittest.main()

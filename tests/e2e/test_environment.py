"""The script's environment (ctx, logging, sys.path, virtual envs), the
default job, and the informational subcommands."""

import json
import os
import platform
import re
import resource
import signal
import subprocess
import sys
import unittest

import numpy as np

from e2e_support import ARRAYFEED, SOURCE_DIR, ArrayfeedTestCase, built_with_sanitizer, child_env, parse_jsonl, script


class LoggingAndContext(ArrayfeedTestCase):

    def test_ctx_params_kernel_contract_and_log(self):
        rec = self.path("ctx.json")
        r = self.arrayfeed("run", script("context_probe.py"), "--set", f"record={rec}",
                           "--set", "alpha=1", "--set", "expr=a=b")
        self.assertExit(r, 0)
        with open(rec) as f:
            ctx = json.load(f)
        self.assertEqual(ctx["params"], {"record": rec, "alpha": "1", "expr": "a=b"})
        self.assertTrue(ctx["params_is_dict"])  # a dict subclass that notes reads
        self.assertEqual(ctx["kernel"]["name"], "stats")
        self.assertTrue(ctx["kernel"]["description"])
        self.assertEqual(ctx["contract"]["dtypes"], ["float32", "float64"])
        self.assertEqual(ctx["contract"]["strided_ok"], False)
        self.assertEqual(ctx["contract"]["min_ndim"], 0)
        self.assertGreaterEqual(ctx["contract"]["max_ndim"], 1)
        self.assertIn("C-contiguous", ctx["contract"]["text"])
        self.assertTrue(ctx["log_is_logger"])
        self.assertRegex(r.stdout, r"(?m)^printed-line 42$")  # print is the script's own stdout
        self.assertStderrMatches(r"(?m)^info: \[script\] info-line abc$", r)
        self.assertStderrMatches(r"(?m)^warn\w*: \[script\] warning-line$", r)
        self.assertNotInStderr("debug-line", r)

    def test_nop_contract_in_ctx(self):
        rec = self.path("ctx.json")
        r = self.arrayfeed("run", script("context_probe.py"), "--kernel", "nop", "--set", f"record={rec}")
        self.assertExit(r, 0)
        with open(rec) as f:
            ctx = json.load(f)
        self.assertEqual(ctx["kernel"]["name"], "nop")
        self.assertEqual(ctx["contract"]["dtypes"], [])
        self.assertEqual(ctx["contract"]["strided_ok"], True)

    def test_log_level_filters_script_logs(self):
        rec = self.path("ctx.json")
        d = self.arrayfeed("run", script("context_probe.py"), "--set", f"record={rec}", "--log-level", "debug")
        self.assertExit(d, 0)
        self.assertStderrMatches(r"(?m)^debug: \[script\] debug-line 1$", d)
        w = self.arrayfeed("run", script("context_probe.py"), "--set", f"record={rec}", "--log-level", "warn")
        self.assertExit(w, 0)
        self.assertNotInStderr("info-line", w)
        self.assertNotInStderr("printed-line", w)
        self.assertInStderr("warning-line", w)

    def test_script_folder_is_on_sys_path(self):
        out = self.path("out.jsonl")
        r = self.arrayfeed("run", script("sibling_import.py"), "--output", out)
        self.assertExit(r, 0)
        self.assertEqual(parse_jsonl(out)[0]["sum"], 60)

    def test_paths_beyond_ascii_work_whatever_the_locale(self):
        folder = self.tmp / "dir with space" / "ünï"
        folder.mkdir(parents=True)
        src = folder / "my script"
        src.write_text(
            "import sys\nimport numpy as np\n"
            "def generate(ctx):\n"
            "    with open('fé.txt', 'w') as f:\n"
            "        f.write(sys.getfilesystemencoding())\n"
            "    yield np.ones(2)\n")
        latin1 = os.fsencode(str(self.tmp)) + b"/caf\xe9.py"
        with open(latin1, "wb") as f:
            f.write(src.read_bytes())
        for path in (str(src), latin1):
            with self.subTest(path=path):
                r = self.arrayfeed("run", path, env=child_env({"LANG": "C", "LC_ALL": "C"}))
                self.assertExit(r, 0)
                self.assertEqual((self.tmp / "fé.txt").read_text(), "utf-8")

    def test_virtual_env_and_pythonpath_packages_import(self):
        v = sys.version_info
        site = self.tmp / "venv" / "lib" / f"python{v.major}.{v.minor}" / "site-packages"
        site.mkdir(parents=True)
        (site / "e2e_venv_only_module.py").write_text(
            "import numpy as np\ndef make():\n    return np.array([4.0, 5.0])\n")
        out = self.path("out.jsonl")
        r = self.arrayfeed("run", script("venv_import.py"), "--output", out,
                           env=child_env({"VIRTUAL_ENV": str(self.tmp / "venv")}))
        self.assertExit(r, 0)
        self.assertEqual(parse_jsonl(out)[0]["sum"], 9)
        # PYTHONPATH is honoured too.
        out2 = self.path("out2.jsonl")
        r = self.arrayfeed("run", script("venv_import.py"), "--output", out2,
                           env=child_env({"PYTHONPATH": str(site)}))
        self.assertExit(r, 0)
        self.assertEqual(parse_jsonl(out2)[0]["sum"], 9)
        # Without either, the module is not there.
        r = self.arrayfeed("run", script("venv_import.py"))
        self.assertExit(r, 1)
        self.assertInStderr("e2e_venv_only_module", r)


    def test_subprocess_and_multiprocessing_children_get_the_virtual_env(self):
        venv = self.tmp / "venv"
        made = subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)],
                              capture_output=True, text=True, timeout=60)
        self.assertEqual(made.returncode, 0, made.stderr)
        v = sys.version_info
        site = venv / "lib" / f"python{v.major}.{v.minor}" / "site-packages"
        (site / "e2e_venv_child_module.py").write_text("VALUE = 9.0\n")
        out = self.path("out.jsonl")
        r = self.arrayfeed("run", script("venv_children.py"), "--output", out,
                           env=child_env({"VIRTUAL_ENV": str(venv)}))
        self.assertExit(r, 0)
        self.assertEqual(parse_jsonl(out)[0]["sum"], 18)  # 9 from each child
        r = self.arrayfeed("info", env=child_env({"VIRTUAL_ENV": str(venv)}))
        self.assertIn(f"({venv / 'bin' / 'python'})", r.stdout)


class MemoryLimit(ArrayfeedTestCase):

    @unittest.skipIf(built_with_sanitizer(), "sanitizers cannot run with a limited address space")
    def test_start_up_under_a_small_address_space_limit_says_it_ran_out_of_memory(self):
        # Where start-up fails depends on the limit (the loader, CPython, NumPy's
        # libraries): each limit from too small to load the binary up to enough
        # to start must be either the loader's failure (nothing of ours runs
        # yet), a message naming the limit, or a run that works.
        src = self.write("job.py", "import numpy as np\ndef generate(ctx):\n    yield np.ones(3)\n")
        named = 0
        for mib in range(12, 80, 4):
            with self.subTest(limit_mib=mib):
                limit = mib << 20
                done = subprocess.run(
                    [str(ARRAYFEED), "run", src, "--kernel", "nop", "--quiet"], cwd=self.tmp, env=child_env(),
                    capture_output=True, text=True, timeout=60,
                    preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_AS, (limit, limit)))
                if done.returncode in (0, 127):
                    continue
                if done.returncode == -signal.SIGABRT:  # CPython's own fatal error, before it can raise
                    self.assertIn("Fatal Python error", done.stderr)
                    self.assertIn("Out of memory", done.stderr)
                    continue
                self.assertEqual(done.returncode, 3, done.stderr)
                self.assertIn("out of memory", done.stderr)
                self.assertIn(f"raise the address-space limit of {mib} MiB (ulimit -v)", done.stderr)
                self.assertNotIn("python3-numpy installed", done.stderr)
                named += 1
        self.assertGreater(named, 0, "no limit made start-up fail after the loader")


class DefaultJob(ArrayfeedTestCase):

    CONVERGED = (r"(?m)^info: \[script\] converged after (\d+) steps: loss ([0-9.]+) at the start, "
                 r"([0-9.]+) at the end \(optimum ([0-9.]+)\)$")

    def test_default_job_with_its_config_converges_and_caches_its_data(self):
        met = self.path("m.json")
        config = str(SOURCE_DIR / "config" / "default.toml")
        small = ("--set", "rows=20000", "--set", "cols=6")
        r = self.arrayfeed("run", "--config", config, *small, "--metrics", met)
        self.assertExit(r, 0)
        steps, start, end, optimum = re.search(self.CONVERGED, r.stderr).groups()
        self.assertLess(float(end), float(start) / 100)
        self.assertLessEqual(float(end) - float(optimum), 1e-3 * float(optimum) + 1e-6)
        m = self.metrics(met)
        self.assertEqual((m["kernel"], m["arrays"]), ("lsq", int(steps) + 1))  # + the optimum's check
        cached = sorted(p.name for p in (self.tmp / "cache" / "arrayfeed").iterdir())
        self.assertEqual(cached, ["lsq-demo-v1-20000x6-X.npy", "lsq-demo-v1-20000x6-y.npy"])
        x_file = self.tmp / "cache" / "arrayfeed" / cached[0]
        made = x_file.stat().st_mtime_ns
        again = self.arrayfeed("run", "--config", config, *small)
        self.assertExit(again, 0)
        self.assertEqual(x_file.stat().st_mtime_ns, made, "the cached data set was made again")
        self.assertEqual(re.search(self.CONVERGED, again.stderr).groups(), (steps, start, end, optimum))

    def test_default_job_without_arguments_uses_lsq(self):
        met = self.path("m.json")
        r = self.arrayfeed("run", "--set", "rows=5000", "--set", "cols=3", "--metrics", met)
        self.assertExit(r, 0)
        self.assertStderrMatches(self.CONVERGED, r)
        self.assertEqual(self.metrics(met)["kernel"], "lsq")

    def test_default_job_stopped_early_says_so(self):
        r = self.arrayfeed("run", "--set", "rows=5000", "--set", "cols=3", "--set", "steps=2")
        self.assertExit(r, 1)
        self.assertStderrMatches(r"NOT converged after 2 steps", r)

    def test_default_job_refuses_a_bad_param_naming_it(self):
        cases = {"steps=0": "steps must be a whole number >= 1",
                 "rows=abc": "rows must be a whole number >= 2",
                 "cols=0": "cols must be a whole number from 1 to rows - 1",
                 "cols=100": "cols must be a whole number from 1 to rows - 1 = 99",
                 "lr=nan": "lr must be a positive number",
                 "tol=-1": "tol must be a number >= 0"}
        for setting, rule in cases.items():
            with self.subTest(setting):
                r = self.arrayfeed("run", "--set", "rows=100", "--set", "cols=2", "--set", setting)
                self.assertExit(r, 2)
                self.assertInStderr(f"error: [script] {setting}: {rule}", r)
                self.assertNotInStderr("Traceback", r)

    SMALL = ("--set", "rows=300", "--set", "cols=2")

    def cached(self, which):
        return self.tmp / "cache" / "arrayfeed" / f"lsq-demo-v1-300x2-{which}.npy"

    def test_default_job_remakes_a_cached_file_that_is_cut_short_or_empty(self):
        self.assertExit(self.arrayfeed("run", *self.SMALL), 0)
        whole = np.load(self.cached("X"))
        with open(self.cached("X"), "r+b") as f:
            f.truncate(1000)
        self.cached("y").write_bytes(b"")
        r = self.arrayfeed("run", *self.SMALL)
        self.assertExit(r, 0)
        np.testing.assert_array_equal(np.load(self.cached("X")), whole)
        self.assertEqual(np.load(self.cached("y")).shape, (300,))

    def test_default_job_leaves_no_partial_file_when_making_data_fails(self):
        self.cached("y").mkdir(parents=True)  # the finished file cannot take its place
        r = self.arrayfeed("run", *self.SMALL)
        self.assertExit(r, 1)
        self.assertInStderr("IsADirectoryError", r)
        self.assertEqual([p.name for p in self.cached("y").parent.glob("*.partial")], [])

    @unittest.skipIf(os.geteuid() == 0, "root writes into a read-only folder")
    def test_default_job_falls_back_to_the_temp_folder_when_the_cache_is_read_only(self):
        self.cached("X").parent.mkdir(parents=True)
        self.cached("X").parent.chmod(0o555)
        self.addCleanup(self.cached("X").parent.chmod, 0o755)
        (self.tmp / "tmp").mkdir()
        r = self.arrayfeed("run", *self.SMALL, env=child_env({"XDG_CACHE_HOME": self.path("cache"),
                                                              "TMPDIR": self.path("tmp")}))
        self.assertExit(r, 0)
        self.assertTrue((self.tmp / "tmp" / self.cached("X").name).is_file())

    def test_default_job_with_another_kernel_says_what_it_needs(self):
        r = self.arrayfeed("run", "--kernel", "stats", "--set", "rows=100", "--set", "cols=2")
        self.assertExit(r, 2)
        self.assertInStderr("the default job needs the lsq kernel", r)

    def test_signal_steering_example_with_its_config(self):
        out, met = self.path("out.jsonl"), self.path("m.json")
        config = str(SOURCE_DIR / "config" / "steer_signal.toml")
        script = str(SOURCE_DIR / "embedded_scripts" / "examples" / "steer_signal.py")
        r = self.arrayfeed("run", script, "--config", config, "--set", "steps=6", "--set", "size=20000",
                           "--output", out, "--metrics", met)
        self.assertExit(r, 0)
        lines = parse_jsonl(out)
        self.assertEqual([line["count"] for line in lines], [20000] * 6)
        means = [line["mean"] for line in lines]
        self.assertAlmostEqual(means[0], 5.0, delta=0.1)
        self.assertLess(abs(means[-1]), 0.5, f"feedback did not steer the mean: {means}")
        m = self.metrics(met)
        self.assertEqual((m["kernel"], m["arrays"], m["bytes_handed_over"]), ("stats", 6, 6 * 20000 * 4))


class InfoCommands(ArrayfeedTestCase):

    def project_version(self):
        text = (SOURCE_DIR / "CMakeLists.txt").read_text()
        return re.search(r"project\(arrayfeed\s+VERSION\s+([0-9.]+)", text).group(1)

    def test_version(self):
        r = self.arrayfeed("--version")
        self.assertExit(r, 0)
        self.assertEqual(r.stdout.strip(), f"arrayfeed {self.project_version()}")

    def test_kernels_lists_both_with_contracts(self):
        r = self.arrayfeed("kernels")
        self.assertExit(r, 0)
        self.assertRegex(r.stdout, r"(?m)^nop$")
        self.assertRegex(r.stdout, r"(?m)^stats$")
        self.assertRegex(r.stdout, r"input: float32 or float64, any shape, C-contiguous")
        self.assertIn("input: bool, int8-64, uint8-64, float32/64 or complex64/128 (native byte order), any shape, "
                      "any strides", r.stdout)

    def test_info_reports_versions_of_the_embedded_python_and_numpy(self):
        r = self.arrayfeed("info")
        self.assertExit(r, 0)
        self.assertRegex(r.stdout, rf"(?m)^arrayfeed\s+{re.escape(self.project_version())}$")
        self.assertRegex(r.stdout, rf"(?m)^python\s+{re.escape(platform.python_version())}\b")
        self.assertRegex(r.stdout, rf"(?m)^numpy\s+{re.escape(np.__version__)}$")
        self.assertRegex(r.stdout, rf"(?m)^sys.prefix\s+{re.escape(sys.prefix)}$")
        self.assertIn("sys.path", r.stdout)

    def test_check_imports_and_runs_nothing(self):
        src, marker = self.marker_script()
        r = self.arrayfeed("check", src)
        self.assertExit(r, 0)
        self.assertIn("generate(ctx), a generator: each result is sent back", r.stdout)
        self.assertIn("'stats'", r.stdout)
        self.assertFalse(os.path.exists(marker), "check must not run the generator")
        self.assertNoSummary(r)

    def test_check_reports_entry_without_ctx_and_kernel(self):
        r = self.arrayfeed("check", script("plain_iterable.py"), "--entry", "no_ctx", "--kernel", "nop")
        self.assertExit(r, 0)
        self.assertIn("no_ctx(), a generator", r.stdout)
        self.assertIn("'nop'", r.stdout)
        r = self.arrayfeed("check", script("plain_iterable.py"))
        self.assertExit(r, 0)
        self.assertIn("generate(ctx), a function: it must return an iterable; results are not sent back",
                      r.stdout)

    def test_check_finds_problems(self):
        r = self.arrayfeed("check", script("no_entry.py"))
        self.assertExit(r, 1)
        self.assertInStderr("no function 'generate'", r)
        r = self.arrayfeed("check", script("missing_module.py"))
        self.assertExit(r, 1)
        self.assertInStderr("arrayfeed_e2e_no_such_module", r)
        r = self.arrayfeed("check", script("plain_iterable.py"), "--output", "results.csv")
        self.assertExit(r, 2)
        self.assertInStderr("--output 'results.csv': unsupported format", r)
        self.assertFalse((self.tmp / "results.csv").exists(), "check created the output")
        r = self.arrayfeed("check", script("plain_iterable.py"), "--kernel", "fft")
        self.assertExit(r, 2)
        self.assertInStderr("unknown kernel 'fft'", r)

    def test_check_default_job(self):
        r = self.arrayfeed("check")
        self.assertExit(r, 0)
        self.assertIn("default_job.py", r.stdout)
        self.assertIn("kernel 'lsq'", r.stdout)
        # check sets up as run does: the script's own data_sets() names (and here makes) X and y
        self.assertRegex(r.stdout, r"data set 'X': float32 \(\d+, \d+\) from ")
        self.assertRegex(r.stdout, r"data set 'y': float32 \(\d+,\) from ")


if __name__ == "__main__":
    unittest.main()

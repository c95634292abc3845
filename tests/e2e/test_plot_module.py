"""The Python half of `arrayfeed plot` (app/python/host_plot.py) on its own,
without the binary: a timings file becomes a PNG of the right size, and every
user error is a PlotError that names the problem and its fix."""

import importlib.util
import os
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

import numpy as np

HOST_PLOT = Path(__file__).resolve().parents[2] / "app" / "python" / "host_plot.py"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
WRITTEN_BY = "arrayfeed run --timings"


def load_host_plot():
    spec = importlib.util.spec_from_file_location("host_plot", HOST_PLOT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


host_plot = load_host_plot()


def timings(count, seed=0):
    """A run of `count` arrays: a slowdown in its middle third, a few spikes."""
    rng = np.random.default_rng(seed)
    rows = np.zeros(count, dtype=host_plot.TIMINGS_DTYPE)
    rows["index"] = np.arange(count)
    rows["script_s"] = rng.gamma(4, 25e-6, count)
    rows["script_s"][count // 3: 2 * count // 3] *= 4
    rows["host_s"] = rng.gamma(6, 2e-6, count)
    rows["kernel_s"] = rng.lognormal(np.log(60e-6), 0.3, count)
    rows["kernel_s"][rng.choice(count, min(count, 5), replace=False)] *= 200
    rows["latency_s"] = rows["host_s"] + rows["kernel_s"]
    rows["yielded_s"] = np.cumsum(rows["script_s"] + rows["latency_s"])
    return rows


class PlotTestCase(unittest.TestCase):
    def setUp(self):
        folder = tempfile.TemporaryDirectory(prefix="arrayfeed-plot-")
        self.addCleanup(folder.cleanup)
        self.dir = Path(folder.name)

    def save(self, name, array):
        path = self.dir / name
        np.save(path, array)
        return str(path)

    def assert_refused(self, timings_path, out_path, *words):
        with self.assertRaises(host_plot.PlotError) as caught:
            host_plot.plot_timings(timings_path, out_path)
        message = str(caught.exception)
        for word in words:
            self.assertIn(word, message)
        return message


class Drawing(PlotTestCase):
    def draw(self, rows):
        out = self.dir / "run.png"
        line = host_plot.plot_timings(self.save("timings.npy", rows), str(out))
        data = out.read_bytes()
        self.assertEqual(data[:8], PNG_SIGNATURE)
        import matplotlib.image
        image = matplotlib.image.imread(str(out))
        return line, image

    def test_a_run_becomes_a_png_of_about_10_by_8_inches(self):
        rows = timings(20_000)
        line, image = self.draw(rows)
        height, width = image.shape[:2]
        # tight layout may trim the edges a little, never much
        self.assertTrue(800 <= width <= 1000 and 640 <= height <= 800, image.shape)
        self.assertGreater(image[..., :3].std(), 0.05, "the image is blank")
        self.assertIn(f"{len(rows):,} arrays", line)
        self.assertIn("run.png", line)
        span = float((rows["yielded_s"] + rows["latency_s"]).max())
        self.assertIn(f"{span:.3g} s", line)

    def test_the_row_count_is_the_files(self):
        for count in (1, 7, 3_000):
            with self.subTest(count=count):
                line, _ = self.draw(timings(count, seed=count))
                self.assertRegex(line, rf"\b{count:,} arrays?\b")

    def test_a_million_rows(self):
        line, image = self.draw(timings(1_000_000))
        self.assertIn("1,000,000 arrays", line)
        self.assertEqual(image.shape[1], 1000)

    def test_zero_and_equal_latencies(self):
        rows = timings(100)
        rows["latency_s"] = 0.0
        line, _ = self.draw(rows)
        self.assertIn("100 arrays", line)
        rows["latency_s"] = 0.25
        line, _ = self.draw(rows)
        self.assertIn("100 arrays", line)


class TimingsFileErrors(PlotTestCase):
    def out(self):
        return str(self.dir / "run.png")

    def test_missing_file(self):
        path = str(self.dir / "nothing.npy")
        self.assert_refused(path, self.out(), path, "no such file", WRITTEN_BY)
        self.assertFalse(os.path.exists(self.out()))

    def test_a_folder(self):
        self.assert_refused(str(self.dir), self.out(), str(self.dir), "folder", WRITTEN_BY)

    def test_not_a_npy_file(self):
        path = self.dir / "timings.npy"
        path.write_text("index,latency_s\n0,0.1\n")
        self.assert_refused(str(path), self.out(), str(path), "not a .npy file", WRITTEN_BY)

    def test_cut_short(self):
        path = self.save("timings.npy", timings(1000))
        data = Path(path).read_bytes()
        Path(path).write_bytes(data[:len(data) // 2])
        self.assert_refused(path, self.out(), path, "cut short", WRITTEN_BY)

    def test_plain_float_array(self):
        path = self.save("timings.npy", np.linspace(0, 1, 50))
        self.assert_refused(path, self.out(), path, "plain float64 array", "latency_s", WRITTEN_BY)

    def test_wrong_fields(self):
        rows = np.zeros(10, dtype=[("index", "<u8"), ("seconds", "<f8")])
        path = self.save("timings.npy", rows)
        message = self.assert_refused(path, self.out(), path, "seconds", WRITTEN_BY)
        self.assertIn("lacks yielded_s, script_s, host_s, kernel_s, latency_s", message)

    def test_wrong_field_type(self):
        rows = timings(10).astype([(n, "<f4" if n == "latency_s" else t)
                                   for n, t in host_plot.TIMINGS_DTYPE.descr])
        path = self.save("timings.npy", rows)
        self.assert_refused(path, self.out(), path, "latency_s is <f4, expected <f8", WRITTEN_BY)

    def test_zero_rows(self):
        path = self.save("timings.npy", timings(10)[:0])
        self.assert_refused(path, self.out(), "nothing to plot", path, "recorded no arrays")
        self.assertFalse(os.path.exists(self.out()))


class OutPathErrors(PlotTestCase):
    def setUp(self):
        super().setUp()
        self.timings = self.save("timings.npy", timings(100))

    def test_missing_folder(self):
        folder = self.dir / "no" / "such"
        self.assert_refused(self.timings, str(folder / "run.png"), str(folder), "does not exist")

    def test_unwritable_folder(self):
        if os.geteuid() != 0:
            folder = self.dir / "locked"
            folder.mkdir()
            folder.chmod(0o500)
            self.addCleanup(folder.chmod, 0o700)
        else:  # root writes through permission bits, not into sysfs
            folder = Path("/sys")
            try:
                tempfile.TemporaryFile(dir=folder).close()
                self.skipTest("as root, found no folder that cannot be written")
            except OSError:
                pass
        out = folder / "run.png"
        self.assert_refused(self.timings, str(out), str(folder), "not writable", "--out")
        self.assertFalse(out.exists())

    def test_not_a_png_name(self):
        self.assert_refused(self.timings, str(self.dir / "run.pdf"), "run.pdf", ".png")

    def test_out_is_a_folder(self):
        folder = self.dir / "figures.png"
        folder.mkdir()
        self.assert_refused(self.timings, str(folder), str(folder), "is a folder")


class MissingMatplotlib(PlotTestCase):
    def test_says_how_to_install_it(self):
        timings_path = self.save("timings.npy", timings(100))
        out = self.dir / "run.png"
        # A fresh interpreter: in this one matplotlib's submodules may already be imported.
        child = f"""
import sys
sys.modules["matplotlib"] = None
import importlib.util
spec = importlib.util.spec_from_file_location("host_plot", {str(HOST_PLOT)!r})
host_plot = importlib.util.module_from_spec(spec)
spec.loader.exec_module(host_plot)
try:
    host_plot.plot_timings({timings_path!r}, {str(out)!r})
except host_plot.PlotError as error:
    print(error)
    sys.exit(3)
"""
        env = {k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"}
        done = subprocess.run([sys.executable, "-c", child], capture_output=True, text=True,
                              env=env, timeout=60)
        self.assertEqual(done.returncode, 3, done)
        self.assertIn("matplotlib is missing", done.stdout)
        self.assertIn("apt-get install python3-matplotlib", done.stdout)
        self.assertFalse(out.exists())


if __name__ == "__main__":
    unittest.main()

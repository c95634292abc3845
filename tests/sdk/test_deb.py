"""`make package`'s .deb, built by cpack from the build tree into a temporary
folder: its dependencies, and the binary unpacked from it running on its own."""

import gzip
import re
import shutil
import tempfile
import unittest
from pathlib import Path

from sdk_support import BUILD_DIR, TempDirTestCase, run, tool


class DebPackage(TempDirTestCase):

    @classmethod
    def setUpClass(cls):
        tool("dpkg-shlibdeps", "dpkg-dev")  # cpack reads the binary's dependencies with it
        cls.out = Path(tempfile.mkdtemp(prefix="arrayfeed-deb-"))
        cls.addClassCleanup(shutil.rmtree, cls.out, ignore_errors=True)
        run(["cpack", "--config", BUILD_DIR / "CPackConfig.cmake", "-B", cls.out])
        debs = list(cls.out.glob("*.deb"))
        if len(debs) != 1:
            raise AssertionError(f"cpack made {debs} in {cls.out}, expected one .deb")
        cls.deb = debs[0]

    def control(self, field):
        return run(["dpkg-deb", "--field", self.deb, field]).stdout.strip()

    def test_depends_on_numpy_and_the_libpython_it_links(self):
        depends = [d.strip() for d in self.control("Depends").split(",")]
        names = [re.match(r"[\w.+-]+", d).group(0) for d in depends]
        self.assertIn("python3-numpy", names, depends)
        self.assertTrue(any(re.fullmatch(r"libpython3\.\d+", n) for n in names), depends)
        linked = run(["ldd", BUILD_DIR / "arrayfeed"]).stdout
        version = re.search(r"libpython(3\.\d+)\.so", linked).group(1)
        self.assertIn(f"libpython{version}", names, "the libpython the binary links")

    def test_built_with_mpi_it_depends_on_open_mpi_and_recommends_mpirun_and_mpi4py(self):
        if "libmpi.so" not in run(["ldd", BUILD_DIR / "arrayfeed"]).stdout:
            self.skipTest("built without MPI")
        self.assertIn("libopenmpi3", self.control("Depends"))
        self.assertEqual(self.control("Recommends"), "openmpi-bin, python3-mpi4py")

    def test_says_who_and_what(self):
        self.assertEqual(self.control("Package"), "arrayfeed")
        self.assertRegex(self.control("Maintainer"), r".+ <.+@.+>")
        self.assertEqual(self.control("Section"), "science")
        self.assertIn("NumPy", self.control("Description"))

    def test_unpacked_binary_says_its_version_and_runs_the_default_job(self):
        root = self.tmp / "root"
        run(["dpkg-deb", "-x", self.deb, root])
        arrayfeed = root / "usr" / "bin" / "arrayfeed"
        self.assert_version(arrayfeed)
        self.assert_default_job_runs(arrayfeed, cwd=self.tmp)
        page = root / "usr" / "share" / "man" / "man1" / "arrayfeed.1.gz"
        self.assertIn(".SH NAME", gzip.decompress(page.read_bytes()).decode(), "the man page, compressed")


if __name__ == "__main__":
    unittest.main()

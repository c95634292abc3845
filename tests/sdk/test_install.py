"""The installed tree, as a plugin author gets it: `cmake --install` into a
temporary prefix, each example plugin built out of tree against it (with
find_package(arrayfeed) and with pkg-config) and run by the installed binary,
which needs nothing of the source or build tree. Also the man page and the
bash completion against the binary's own --help."""

import gzip
import re
import shutil
import subprocess
import tempfile
import unittest
from collections import namedtuple
from pathlib import Path

from sdk_support import BUILD_DIR, SOURCE_DIR, TempDirTestCase, child_env, project_version, run, tool

EXAMPLE_DIR = SOURCE_DIR / "app" / "example_plugin"
HEADER_DIR = SOURCE_DIR / "app" / "include" / "arrayfeed"

# An example plugin of app/example_plugin/: its sources, the libraries it
# links, its generator script there (which checks every result), and the
# options of that run. The kernel is named as the library unless `kernel` says.
Example = namedtuple("Example", "name sources libs job args kernel", defaults=((), None))

EXAMPLES = [
    Example("table_lookup", ["table_lookup.c"], ["m"], "table_lookup_gen.py", ["--set", "points=1001"]),
    Example("row_norms", ["row_norms.cpp"], [], "row_norms_gen.py", ["--set", "p=3", "--set", "width=4"]),
    Example("weighted_mean", ["weighted_mean.c"], [], "weighted_mean_gen.py"),
]

# How each source language is compiled by hand (the pkg-config build).
COMPILERS = {".c": ["cc", "-std=c11"], ".cpp": ["c++", "-std=c++17"]}

CMAKE_LISTS = """cmake_minimum_required(VERSION 3.22)
project({name} LANGUAGES C CXX)
find_package(arrayfeed REQUIRED)
add_library({name} MODULE {sources})
target_link_libraries({name} PRIVATE arrayfeed::plugin {libs})
"""


# A find_package() alone: no compiler to look for, so it takes a fraction of a second.
FIND_ONLY = """cmake_minimum_required(VERSION 3.22)
project(find_only LANGUAGES NONE)
find_package(arrayfeed {version} REQUIRED)
"""

PREFIX = Path()  # where setUpModule installed the build tree


def setUpModule():
    global PREFIX
    PREFIX = Path(tempfile.mkdtemp(prefix="arrayfeed-prefix-"))
    unittest.addModuleCleanup(shutil.rmtree, PREFIX, ignore_errors=True)
    run(["cmake", "--install", BUILD_DIR, "--prefix", PREFIX])


class InstalledTree(TempDirTestCase):

    def setUp(self):
        super().setUp()
        self.prefix = PREFIX
        self.arrayfeed = PREFIX / "bin" / "arrayfeed"

    def installed(self, relative):
        """The files under prefix/relative, as paths relative to it."""
        root = self.prefix / relative
        return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())

    def test_installs_every_header_and_example_where_plugin_authors_look(self):
        headers = sorted(str(p.relative_to(HEADER_DIR)) for p in HEADER_DIR.rglob("*") if p.is_file())
        self.assertEqual(self.installed("include/arrayfeed"), headers)
        examples = sorted(str(p.relative_to(EXAMPLE_DIR)) for p in EXAMPLE_DIR.rglob("*")
                          if p.is_file() and p.name != "CMakeLists.txt" and "__pycache__" not in p.parts)
        self.assertEqual(self.installed("share/doc/arrayfeed/examples"), examples)
        for path in ("bin/arrayfeed", "share/man/man1/arrayfeed.1.gz", "share/bash-completion/completions/arrayfeed",
                     "share/cmake/arrayfeed/arrayfeedConfig.cmake", "share/cmake/arrayfeed/arrayfeedConfigVersion.cmake",
                     "share/pkgconfig/arrayfeed.pc"):
            self.assertTrue((self.prefix / path).is_file(), f"{path} is not installed")

    def test_nothing_installed_names_the_source_or_build_tree(self):
        for path in self.prefix.rglob("*"):
            if path.is_file():
                data = path.read_bytes()
                for tree in (SOURCE_DIR, BUILD_DIR):
                    self.assertNotIn(str(tree.resolve()).encode(), data, f"{path} names {tree}")

    def test_installed_binary_says_its_version(self):
        self.assert_version(self.arrayfeed)

    def test_installed_binary_runs_the_default_job_from_anywhere(self):
        self.assert_default_job_runs(self.arrayfeed, cwd=self.tmp)

    def test_version_file_accepts_the_same_major_version_only(self):
        major, minor, patch = (int(n) for n in project_version().split("."))
        cases = {f"{major}.{minor}": True, f"{major}.0": True, f"{major}.{minor}.{patch}": True,
                 f"{major}.{minor + 1}": False, f"{major + 1}.0": False}
        if major > 0:
            cases[f"{major - 1}.0"] = False
        for requested, compatible in cases.items():
            with self.subTest(requested=requested):
                folder = self.tmp / f"find-{requested}"
                folder.mkdir()
                (folder / "CMakeLists.txt").write_text(FIND_ONLY.format(version=requested))
                found = run(["cmake", "-S", folder, "-B", folder / "build", f"-DCMAKE_PREFIX_PATH={self.prefix}"],
                            expect=None)
                self.assertEqual(found.returncode == 0, compatible, found.stderr)

    def plugin_dir(self, example, how):
        """A folder outside the source tree with the example's sources copied in."""
        folder = self.tmp / f"{example.name}-{how}"
        folder.mkdir()
        for source in example.sources:
            shutil.copy(EXAMPLE_DIR / source, folder)
        return folder

    def build_with_cmake(self, example):
        folder = self.plugin_dir(example, "cmake")
        (folder / "CMakeLists.txt").write_text(CMAKE_LISTS.format(
            name=example.name, sources=" ".join(example.sources), libs=" ".join(example.libs)))
        build = folder / "build"
        run(["cmake", "-S", folder, "-B", build, f"-DCMAKE_PREFIX_PATH={self.prefix}", "-DCMAKE_BUILD_TYPE=Release"])
        cache = (build / "CMakeCache.txt").read_text()
        self.assertIn(f"arrayfeed_DIR:PATH={self.prefix}/share/cmake/arrayfeed\n", cache,
                      "find_package(arrayfeed) found another installation")
        run(["cmake", "--build", build])
        return build / f"lib{example.name}.so"

    def build_with_pkg_config(self, example):
        env = child_env({"PKG_CONFIG_PATH": str(self.prefix / "share" / "pkgconfig")})
        cflags = run([tool("pkg-config", "pkg-config"), "--cflags", "arrayfeed"], env=env).stdout.split()
        self.assertIn(str(self.prefix), " ".join(cflags), "pkg-config found another installation")
        folder = self.plugin_dir(example, "pkg-config")
        compiler = COMPILERS[Path(example.sources[0]).suffix]
        library = folder / f"lib{example.name}.so"
        run([*compiler, "-shared", "-fPIC", "-O2", *cflags, *example.sources, *(f"-l{lib}" for lib in example.libs),
             "-o", library], cwd=folder)
        return library

    def assert_runs(self, example, library):
        r = run([self.arrayfeed, "run", EXAMPLE_DIR / example.job, "--plugin", library, *example.args], cwd=self.tmp)
        self.assertRegex(r.stderr, rf"arrayfeed summary: [1-9]\d* arrays through '{example.kernel or example.name}'")

    def test_example_plugins_build_with_find_package_and_run(self):
        for example in EXAMPLES:
            with self.subTest(example=example.name):
                self.assert_runs(example, self.build_with_cmake(example))

    def test_example_plugins_build_with_pkg_config_and_run(self):
        for example in EXAMPLES:
            with self.subTest(example=example.name):
                self.assert_runs(example, self.build_with_pkg_config(example))

    def test_example_plugins_compile_with_clang_too(self):
        # The C++ wrapper's constexpr builders once compiled with g++ only.
        clang = {".c": ["clang", "-std=c11"], ".cpp": ["clang++", "-std=c++17"]}
        if not shutil.which("clang++"):
            self.skipTest("clang++ is not installed (make fuzz-deps installs it)")
        for example in EXAMPLES:
            for source in example.sources:
                with self.subTest(source=source):
                    run([*clang[Path(source).suffix], "-fsyntax-only", "-Wall", "-Werror", f"-I{self.prefix / 'include'}",
                         EXAMPLE_DIR / source])

    def test_man_page_has_every_command_and_option(self):
        page = gzip.decompress((self.prefix / "share" / "man" / "man1" / "arrayfeed.1.gz").read_bytes()).decode()
        self.assertIn(".SH NAME\narrayfeed \\- ", page)
        for command, options in help_options(self.arrayfeed).items():
            self.assertIn(f".SS {command}\n" if command else ".SH OPTIONS\n", page)
            for option in options:
                self.assertIn(option.replace("-", "\\-"), page, f"{option} of {command or 'arrayfeed'}")


def help_options(arrayfeed):
    """Each command's options as its --help lists them ("" is arrayfeed itself)."""
    top = run([arrayfeed, "--help"]).stdout
    commands = re.findall(r"^  (\w+) ", top.split("Commands:")[1].split("\n\n")[0], re.MULTILINE)
    texts = {"": top, **{c: run([arrayfeed, c, "--help"]).stdout for c in commands}}
    # An option's line starts with it (after any short form), under whichever group heading.
    return {c: sorted(set(re.findall(r"^  (?:-\w, )?(--[\w-]+)", text.split("\nExamples:")[0], re.MULTILINE)))
            for c, text in texts.items()}


class BashCompletion(unittest.TestCase):
    """The completion script as installed, against the binary's --help."""

    def setUp(self):
        self.arrayfeed = PREFIX / "bin" / "arrayfeed"
        self.script = PREFIX / "share" / "bash-completion" / "completions" / "arrayfeed"

    def complete(self, *words):
        """What the completion offers for the last word of `arrayfeed words...`."""
        line = " ".join(f"'{w}'" for w in (self.arrayfeed, *words))
        bash = (f"source '{self.script}'; COMP_WORDS=({line}); COMP_CWORD={len(words)}; "
                "_arrayfeed 2>/dev/null; printf '%s\\n' \"${COMPREPLY[@]}\"")
        out = subprocess.run(["bash", "--norc", "-c", bash], capture_output=True, text=True, timeout=30).stdout
        return sorted(w for w in out.splitlines() if w)

    def test_commands_are_those_of_help(self):
        self.assertEqual(self.complete(""), sorted(c for c in help_options(self.arrayfeed) if c))
        self.assertEqual(self.complete("r"), ["run"])

    def test_each_command_completes_the_options_its_help_lists(self):
        # --config is read before the command too (CLI11's fallthrough), so it may follow any command.
        for command, options in help_options(self.arrayfeed).items():
            with self.subTest(command=command or "arrayfeed"):
                words = [command, "--"] if command else ["--"]
                offered = self.complete(*words)
                self.assertEqual(sorted(set(offered) - {"--config"}), sorted(set(options) - {"--config"}))

    def test_log_level_completes_the_levels_help_lists(self):
        levels = re.search(r"--log-level LEVEL [^{]*\{([\w,]+)\}", run([self.arrayfeed, "run", "--help"]).stdout).group(1)
        self.assertEqual(self.complete("run", "--log-level", ""), sorted(levels.split(",")))

    def test_kernel_completes_the_names_kernels_lists(self):
        listed = re.findall(r"^(\w+)$", run([self.arrayfeed, "kernels"]).stdout, re.MULTILINE)
        self.assertIn("stats", listed)
        self.assertEqual(self.complete("run", "--kernel", ""), sorted(listed))
        self.assertEqual(self.complete("run", "--kernel", "st"), ["stats"])


if __name__ == "__main__":
    unittest.main()

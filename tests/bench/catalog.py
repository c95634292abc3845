"""Every approach the benchmark measures, with what it takes to run it.

A Python-side approach runs approaches/<module>.py through measure.py; an
arrayfeed approach runs feed_script.py in the arrayfeed binary. The cost
guesses only size the timed windows (about the same wall time for every
approach), they are never reported.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Approach:
    key: str
    label: str
    guess_ns: float            # a guess at the cost of one tiny array ...
    guess_ns_per_value: float  # ... and of each value, to size the windows
    runs_kernel: bool = True   # False: nothing to subtract but the generation
    module: str = ""           # approaches/<module>.py, or "" for arrayfeed
    kernel: str = "plugin"     # arrayfeed: "nop" or the bench_sum "plugin"
    entry: str = "generate"    # arrayfeed: the feed_script.py entry
    prefetch: int = 0          # arrayfeed: --prefetch N (0: not given)
    handful: bool = False      # so slow that only a handful of arrays run

    @property
    def is_arrayfeed(self):
        return not self.module


BARE = Approach("bare", "bare generation (no consumer)", 100, 0.15, runs_kernel=False,
                module="bare_generation")
BARE_EMBEDDED = Approach("bare_embedded", "bare generation in arrayfeed's interpreter", 150, 0.15,
                         runs_kernel=False, kernel="nop", entry="bare")
FILE_RESTART = Approach("file_restart", "file + backend restart per array", 1.2e8, 5,
                        module="file_restart", handful=True)
PIPE = Approach("pipe", "persistent backend, pipe", 6000, 1.0, module="pipe")
SHM = Approach("shm", "persistent backend, shared memory + flag", 2000, 0.3, module="shm")
CTYPES = Approach("ctypes", "ctypes call in process", 1500, 0.3, module="ctypes_call")
ARRAYFEED_NOP = Approach("arrayfeed_nop", "arrayfeed, built-in nop kernel", 300, 0.15,
                         runs_kernel=False, kernel="nop")
ARRAYFEED = Approach("arrayfeed", "arrayfeed, plugin", 600, 0.3)
ARRAYFEED_PREFETCH = Approach("arrayfeed_prefetch", "arrayfeed, plugin, --prefetch 2", 600, 0.2,
                              prefetch=2)

ALL = [BARE, BARE_EMBEDDED, FILE_RESTART, PIPE, SHM, CTYPES, ARRAYFEED_NOP, ARRAYFEED, ARRAYFEED_PREFETCH]
BY_KEY = {a.key: a for a in ALL}

"""The scale-out benchmark (make bench): arrayfeed at 1 and 2 ranks under
Open MPI's mpirun, in interleaved rounds so that each figure and its baseline
share the machine's load; then the lsq step against NumPy on the same data.
Prints the figures and targets and writes scale_out.{json,md} to --out.

    /usr/bin/python3 tests/bench/scale_out.py [--build build] [--out tests/bench/results]
    /usr/bin/python3 tests/bench/scale_out.py --smoke   # seconds: tiny sizes (ctest)
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import child
import machine
import scale_report
from paths import HERE, SOURCE_DIR

# Root (CI's containers) and more ranks than cores must not stop Open MPI;
# vader's single-copy path needs ptrace rights containers often lack.
MPIRUN_ENV = {"OMPI_ALLOW_RUN_AS_ROOT": "1", "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM": "1",
              "OMPI_MCA_rmaps_base_oversubscribe": "1", "OMPI_MCA_btl_vader_single_copy_mechanism": "none"}


@dataclass(frozen=True)
class Sizes:
    rounds: int
    values: int         # per generated array
    arrays: int         # per rank, generator-bound job
    steps: int          # default job
    tiny_steps: int     # the default job's loop on 64 rows: the collectives' cost
    numpy_repeats: int


FULL = Sizes(rounds=3, values=10**6, arrays=150, steps=100, tiny_steps=20_000, numpy_repeats=21)
SMOKE = Sizes(rounds=1, values=10**4, arrays=5, steps=3, tiny_steps=50, numpy_repeats=3)


def parse(argv):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build", type=Path, default=SOURCE_DIR / "build", help="the CMake build folder")
    parser.add_argument("--out", type=Path, default=HERE / "results", help="where scale_out.{json,md} go")
    parser.add_argument("--smoke", action="store_true", help="a quick run that checks the harness works")
    return parser.parse_args(argv)


class Runner:
    """Runs arrayfeed alone or under mpirun in one work folder and reads its --metrics."""

    def __init__(self, arrayfeed, work):
        self.arrayfeed, self.work = arrayfeed, Path(work)
        self.env = {**os.environ, **MPIRUN_ENV, "XDG_CACHE_HOME": str(self.work / "cache")}

    def metrics(self, ranks, *args, codes=(0,)):
        metrics = self.work / "metrics.json"
        metrics.unlink(missing_ok=True)
        launcher = [] if ranks == 1 else ["mpirun", "--timeout", "600", "-np", str(ranks)]
        command = [*launcher, self.arrayfeed, "run", *args, "--quiet", "--log-level", "warn", "--metrics", metrics]
        done = child.run(command, timeout=900, env=self.env)
        if done.returncode not in codes:
            done.check()
        return json.loads(metrics.read_text())

    def default_job(self, ranks, steps, *sets):
        """A fixed number of steps (tol=0); fewer than it needs to converge end
        with exit 1 by design, after the same work."""
        sets = [part for item in ("tol=0", f"steps={steps}", *sets) for part in ("--set", item)]
        return self.metrics(ranks, "--config", SOURCE_DIR / "config" / "default.toml", *sets, codes=(0, 1))


def generator_bound(runner, sizes, ranks):
    found = runner.metrics(ranks, HERE / "ranks_feed.py", "--kernel", "stats",
                           "--set", f"n={sizes.values}", "--set", f"count={sizes.arrays}")
    if found["arrays"] != ranks * sizes.arrays or found["kernel_summary"]["count"] != found["arrays"] * sizes.values:
        raise AssertionError(f"generator-bound at {ranks} ranks: {found['arrays']} arrays, {found['kernel_summary']}")
    return found["arrays_per_second"]


def default_job(runner, sizes, ranks, *sets, steps=None):
    """Seconds per step (the slowest rank's wall time over the steps), kernel seconds per
    step and call on one rank, and the last loss."""
    found = runner.default_job(ranks, steps or sizes.steps, *sets)
    steps_done = found["kernel_summary"]["calls"]
    return {"step_s": found["wall_seconds"] / steps_done,
            "kernel_step_s": found["kernel_seconds"] / found["arrays"],
            "loss": found["kernel_summary"]["last_loss"]}


def one_round(runner, sizes):
    figures = {}
    for ranks in (1, 2):
        figures[f"generator_bound_{ranks}"] = generator_bound(runner, sizes, ranks)
        figures[f"default_job_{ranks}"] = default_job(runner, sizes, ranks)
        figures[f"tiny_{ranks}"] = default_job(runner, sizes, ranks, "rows=64", steps=sizes.tiny_steps)
    return figures


def numpy_baselines(runner, sizes):
    stem = runner.work / "cache" / "arrayfeed" / "lsq-demo-v1-1000000x16"
    command = [sys.executable, HERE / "numpy_lsq.py", f"{stem}-X.npy", f"{stem}-y.npy", sizes.numpy_repeats]
    return json.loads(child.run(command, timeout=600).check().stdout)


def medians(rounds):
    """The median of each figure over the rounds."""
    def median_of(values):
        if isinstance(values[0], dict):
            return {key: median_of([v[key] for v in values]) for key in values[0]}
        return statistics.median(values)
    return {key: median_of([r[key] for r in rounds]) for key in rounds[0]}


def missing(build):
    problems = [] if (build / "arrayfeed").exists() else [f"{build / 'arrayfeed'} is not built (make build)"]
    if not problems:
        info = subprocess.run([build / "arrayfeed", "info"], capture_output=True, text=True).stdout
        if "mpi        built in" not in info:
            problems.append("this arrayfeed is built without MPI (make build installs Open MPI and finds it)")
    if shutil.which("mpirun") is None:
        problems.append("mpirun is not installed (apt-get install openmpi-bin; make build does)")
    return problems


def main(argv=None):
    args = parse(argv)
    problems = missing(args.build)
    if problems:
        sys.exit("scale_out: " + "; ".join(problems))
    sizes, started = (SMOKE if args.smoke else FULL), time.monotonic()
    with tempfile.TemporaryDirectory(prefix="arrayfeed-scale-") as work:
        runner = Runner(args.build / "arrayfeed", work)
        runner.default_job(1, 1)  # makes the default job's data, untimed
        rounds = [one_round(runner, sizes) for _ in range(sizes.rounds)]
        figures = {**medians(rounds), "numpy": numpy_baselines(runner, sizes)}
    record = {"machine": machine.describe(args.build / "arrayfeed"), "sizes": asdict(sizes), "figures": figures,
              "rounds": rounds, "elapsed_seconds": time.monotonic() - started}
    record["targets"] = [asdict(t) for t in scale_report.targets(figures, smoke=args.smoke)]
    text = scale_report.markdown(record)
    print(text)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "scale_out.json").write_text(json.dumps(record, indent=1) + "\n")
    (args.out / "scale_out.md").write_text(text)


if __name__ == "__main__":
    main()

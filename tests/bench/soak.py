"""Soak: long runs of the built arrayfeed whose memory must stay flat.

Each case runs arrayfeed on a generator of small arrays while this script
samples the child's resident set (VmRSS in /proc/PID/status). After the
warm-up (the first quarter of the samples, at least 0.3 s), the RSS must
stay within 2 MB, and every result must be there (lines of the .jsonl, or
the arrays counted in --metrics). Not a ctest: `make soak` runs it (a few
minutes); it prints a Markdown table for the README.

    /usr/bin/python3 tests/bench/soak.py --build build
"""

import argparse
import json
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

SOURCE_DIR = Path(__file__).resolve().parents[2]
FLAT_KB = 2048          # the allowed RSS spread after warm-up
SAMPLE_SECONDS = 0.01
WARM_UP_SECONDS = 0.3  # interpreter and NumPy start-up, first arrays
TIMEOUT_SECONDS = 900   # far beyond any case, so a hang fails instead of blocking

# Rotates more buffers than --prefetch + --threads keep in flight (arrays in
# flight are read-only), so the script allocates nothing per array.
GENERATOR = """\
import numpy as np

def generate(ctx):
    buffers = [np.full(16, float(i)) for i in range(8)]
    for i in range(int(ctx.params["n"])):
        yield buffers[i % len(buffers)]
"""


@dataclass(frozen=True)
class Case:
    name: str
    arrays: int
    args: tuple
    output: str = ""  # a file name in the run's folder, or none


CASES = (
    Case("nop", 10**6, ("--kernel", "nop")),
    Case("stats, .jsonl output", 10**5, ("--kernel", "stats"), "results.jsonl"),
    Case("nop, --prefetch 4 --threads 2", 10**6, ("--kernel", "nop", "--prefetch", "4", "--threads", "2")),
)


def rss_kb(pid):
    """The process's resident set in KiB, or None once it has gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError):
        pass
    return None


def run_case(arrayfeed, case, folder):
    script = folder / "soak_feed.py"
    script.write_text(GENERATOR)
    metrics = folder / "metrics.json"
    args = [str(arrayfeed), "run", str(script), *case.args, "--set", f"n={case.arrays}", "--quiet",
            "--metrics", str(metrics)]
    if case.output:
        args += ["--output", str(folder / case.output)]
    started = time.monotonic()
    child = subprocess.Popen(args, cwd=folder, stdin=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    samples = []
    while child.poll() is None:
        if time.monotonic() - started > TIMEOUT_SECONDS:
            child.kill()
            raise SystemExit(f"{case.name}: no end after {TIMEOUT_SECONDS} s")
        kb = rss_kb(child.pid)
        if kb:
            samples.append((time.monotonic() - started, kb))
        time.sleep(SAMPLE_SECONDS)
    stderr = child.stderr.read()
    seconds = time.monotonic() - started
    if child.returncode != 0:
        raise SystemExit(f"{case.name}: exit code {child.returncode}\n{stderr}")
    return seconds, samples, json.loads(metrics.read_text())


def results_count(case, folder, metrics):
    """How many results the run left: .jsonl lines (checked in order), else the arrays it counted."""
    if not case.output:
        return metrics["arrays"]
    lines = (folder / case.output).read_text().splitlines()
    indices = [json.loads(line)["index"] for line in lines]
    if indices != list(range(len(indices))):
        raise SystemExit(f"{case.name}: result indices are not 0..{len(indices) - 1} in order")
    return len(lines)


def after_warm_up(samples):
    warm_up = max(len(samples) // 4, sum(1 for t, _ in samples if t < WARM_UP_SECONDS))
    return samples[warm_up:]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--build", default=str(SOURCE_DIR / "build"), help="the build folder holding arrayfeed")
    arrayfeed = Path(parser.parse_args().build).resolve() / "arrayfeed"
    if not arrayfeed.is_file():
        raise SystemExit(f"{arrayfeed} not found: build first (make build)")

    rows, failures = [], []
    for case in CASES:
        with tempfile.TemporaryDirectory(prefix="arrayfeed-soak-") as tmp:
            seconds, samples, metrics = run_case(arrayfeed, case, Path(tmp))
            count = results_count(case, Path(tmp), metrics)
        steady = [kb for _, kb in after_warm_up(samples)]
        if len(steady) < 10:
            failures.append(f"{case.name}: only {len(steady)} RSS samples after warm-up; too short to judge")
            continue
        spread = max(steady) - min(steady)
        rows.append(f"| {case.name} | {case.arrays:,} | {count:,} | {seconds:.1f} | "
                    f"{steady[0] / 1024:.1f} | {max(steady) / 1024:.1f} | {spread / 1024:.2f} |")
        if count != case.arrays:
            failures.append(f"{case.name}: {count} results for {case.arrays} arrays")
        if spread > FLAT_KB:
            failures.append(f"{case.name}: RSS spread {spread} KiB after warm-up, over {FLAT_KB} KiB")

    print("| case | arrays | results | seconds | RSS after warm-up (MB) | peak RSS (MB) | spread (MB) |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    print("\n".join(rows))
    for failure in failures:
        print("FAIL:", failure, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

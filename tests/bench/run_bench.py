"""The arrayfeed benchmark (make bench): every approach of feeding NumPy
arrays from Python to the same C kernel, timed against bare generation and
the bare kernel measured in the same run; prints the tables and the targets
and writes latest.json, latest.md and latest.png to --out.

    /usr/bin/python3 tests/bench/run_bench.py [--build build] [--out tests/bench/results]
    /usr/bin/python3 tests/bench/run_bench.py --smoke   # seconds: tiny sizes, few arrays (ctest)
"""

import argparse
import importlib.util
import json
import math
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path

import machine
import report
from balanced import run_balanced
from memory import run_memory
from paths import HERE, SOURCE_DIR, Paths
from plot import plot
from settings import FULL, SMOKE
from suite import approaches, run_rounds
from targets import evaluate


def parse(argv):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build", default=SOURCE_DIR / "build", help="the CMake build folder")
    parser.add_argument("--out", default=HERE / "results", help="where latest.{json,md,png} go")
    parser.add_argument("--smoke", action="store_true", help="a quick run that checks the harness works")
    return parser.parse_args(argv)


def log(text):
    print(text, file=sys.stderr, flush=True)


def missing_figures(settings, results, available):
    return [f"{a.key}@{s}" for a in approaches(available) for s in settings.sizes
            if not results.has(a.key, s) or not all(map(math.isfinite, results.windows[a.key, s]))]


def write(out, record, text, results, settings, info):
    out.mkdir(parents=True, exist_ok=True)
    (out / "latest.json").write_text(json.dumps(record, indent=1) + "\n")
    (out / "latest.md").write_text(text)
    if importlib.util.find_spec("matplotlib"):
        plot(results, settings.sizes, info, out / "latest.png")
    else:
        log("no plot: matplotlib is not installed (apt-get install python3-matplotlib; make bench does)")


def main(argv=None):
    args = parse(argv)
    settings = SMOKE if args.smoke else FULL
    paths = Paths.in_build(args.build, settings.table_mb)
    if paths.missing():
        sys.exit(f"run_bench: not built: {', '.join(paths.missing())} (cmake --build --preset default)")
    available, info, started = machine.has_prefetch(paths.arrayfeed), machine.describe(paths.arrayfeed), time.monotonic()
    log(f"arrayfeed --prefetch: {'available' if available else 'not available in this build'}")
    with tempfile.TemporaryDirectory(prefix="arrayfeed-bench-") as work:
        results = run_rounds(settings, paths, available, work, log)
        balanced = run_balanced(settings, paths, results, available, work)
        memory = run_memory(settings, paths, available, work, results.metrics)
    targets = evaluate(settings, results, balanced, memory, available)
    text = report.markdown(info, settings, results, targets, available)
    print(text)
    record = {"machine": info, "settings": asdict(settings), "prefetch_available": available,
              "elapsed_seconds": time.monotonic() - started, "figures": results.to_json(),
              "balanced": {"size": balanced.size, "passes": balanced.passes, "figures": balanced.results.to_json()},
              "memory": [asdict(case) for case in memory], "targets": [asdict(t) for t in targets]}
    write(Path(args.out), record, text, results, settings, info)
    log(f"done in {record['elapsed_seconds']:.0f} s; written to {args.out}")
    missing = missing_figures(settings, results, available)
    if missing:
        sys.exit(f"run_bench: no figures for {', '.join(missing)}")


if __name__ == "__main__":
    main()

"""Measures one approach once: one child process (a Python one through
measure.py, or arrayfeed on feed_script.py), its time per array in each
window, its peak RSS and, for arrayfeed, its --metrics. The sums are checked
against what was generated, so an approach that skips work cannot win."""

import json
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

import child
from generation import expected_sum, expected_total, per_array_ns

HERE = Path(__file__).resolve().parent


@dataclass
class Measurement:
    per_array_ns: list
    peak_rss_kb: int
    metrics: dict = None


def measure(approach, plan, paths, workdir, passes=1):
    if approach.is_arrayfeed:
        return _arrayfeed(approach, plan, paths, Path(workdir), passes)
    if passes != 1:
        raise ValueError(f"{approach.key} runs the kernel once per array")
    return _python(approach, plan, paths)


def _python(approach, plan, paths):
    command = [sys.executable, HERE / "measure.py", approach.module, json.dumps(asdict(plan)), paths.to_json()]
    done = child.run(command).check()
    found = json.loads(done.stdout)
    if approach.runs_kernel and found["last"] != expected_sum(plan, plan.count - 1):
        raise AssertionError(f"{approach.key}: last sum {found['last']}, expected {expected_sum(plan, plan.count - 1)}")
    return Measurement(per_array_ns(plan, found["times_ns"]), done.peak_rss_kb)


def arrayfeed_command(approach, plan, paths, workdir, passes):
    command = [paths.arrayfeed, "run", HERE / "feed_script.py", "--entry", approach.entry, "--quiet",
               "--log-level", "warn", "--metrics", workdir / "metrics.json"]
    command += ["--kernel", "nop"] if approach.kernel == "nop" else ["--plugin", paths.plugin]
    if approach.prefetch:
        command += ["--prefetch", approach.prefetch]
    params = {**plan.to_params(), "samples": workdir / "samples.json", "table_mb": paths.table_mb, "passes": passes}
    for key, value in params.items():
        command += ["--set", f"{key}={value}"]
    return command


def _arrayfeed(approach, plan, paths, workdir, passes):
    for stale in ("samples.json", "metrics.json"):  # a run that writes none must not read the last one's
        (workdir / stale).unlink(missing_ok=True)
    done = child.run(arrayfeed_command(approach, plan, paths, workdir, passes)).check()
    times = json.loads((workdir / "samples.json").read_text())["times_ns"]
    metrics = json.loads((workdir / "metrics.json").read_text())
    _check_metrics(approach, plan, metrics)
    return Measurement(per_array_ns(plan, times), done.peak_rss_kb, metrics)


def _check_metrics(approach, plan, metrics):
    arrays = 0 if approach.entry == "bare" else plan.count
    if metrics["arrays"] != arrays:
        raise AssertionError(f"{approach.key}: arrayfeed ran {metrics['arrays']} arrays, expected {arrays}")
    total = metrics["kernel_summary"].get("total")
    if approach.kernel == "plugin" and total != expected_total(plan):
        raise AssertionError(f"{approach.key}: sum of the sums {total}, expected {expected_total(plan)}")

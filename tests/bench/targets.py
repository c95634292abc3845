"""The issue's targets, each evaluated on figures of this run: PASS, FAIL,
or N/A when the build cannot run it (--prefetch not yet in the binary)."""

from dataclasses import dataclass, field

import catalog
from overheads import overhead
from results import KERNEL

NOP_LIMIT_NS = 500
FILE_RATIO = 1000
PREFETCH_RATIO = 0.85
RSS_GROWTH_LIMIT_KB = 2048


@dataclass
class Target:
    name: str
    status: str  # PASS, FAIL or N/A
    detail: str
    figures: dict = field(default_factory=dict)

    def line(self):
        return f"{self.status:4}  {self.name}: {self.detail}"


def verdict(ok):
    return "PASS" if ok else "FAIL"


def us(ns):
    return f"{ns / 1000:.3f} us"


def nop_overhead(results, size):
    nop = overhead(results, catalog.ARRAYFEED_NOP.key, size)
    ctypes = overhead(results, catalog.CTYPES.key, size)
    detail = (f"arrayfeed+nop {us(nop)} per array above bare generation at {size} value(s) "
              f"(limit {us(NOP_LIMIT_NS)}); ctypes {us(ctypes)} above generation + kernel, "
              f"{ctypes / nop if nop > 0 else float('inf'):.1f}x arrayfeed's")
    return Target("host overhead on tiny arrays", verdict(nop <= NOP_LIMIT_NS and nop < ctypes), detail,
                  {"arrayfeed_nop_ns": nop, "ctypes_ns": ctypes})


def file_ratio(results, size):
    ours = overhead(results, catalog.ARRAYFEED.key, size)
    noise = results.noise(catalog.ARRAYFEED.key, size)
    theirs = overhead(results, catalog.FILE_RESTART.key, size)
    ratio = theirs / max(ours, noise, 1.0)
    within = ours < noise
    detail = (f"at {size} values, file + restart {theirs / 1e6:.1f} ms above generation + kernel, arrayfeed "
              f"{us(ours)}{' (within the noise, ' + us(noise) + ', which the ratio uses)' if within else ''}: "
              f"{ratio:,.0f}x (at least {FILE_RATIO}x)")
    return Target("overhead vs the file-and-restart workaround", verdict(ratio >= FILE_RATIO), detail,
                  {"arrayfeed_ns": ours, "noise_ns": noise, "file_restart_ns": theirs, "ratio": ratio})


def prefetch_throughput(balanced, available):
    name = "--prefetch 2 throughput, generation ~ kernel"
    if not available:
        return Target(name, "N/A", "--prefetch is not available in this build")
    r, size = balanced.results, balanced.size
    generation, kernel = r.best(catalog.BARE.key, size), r.best(KERNEL, size)
    pipelined, plain = r.best(catalog.ARRAYFEED_PREFETCH.key, size), r.best(catalog.ARRAYFEED.key, size)
    ratio = max(generation, kernel) / pipelined
    detail = (f"at {size} values, generation {us(generation)}, kernel x{balanced.passes} passes {us(kernel)}; "
              f"arrayfeed {us(plain)} per array, with --prefetch 2 {us(pipelined)}: throughput {ratio:.2f} x "
              f"1/max(generation, kernel) (at least {PREFETCH_RATIO})")
    return Target(name, verdict(ratio >= PREFETCH_RATIO), detail, {"ratio": ratio, "passes": balanced.passes})


def zero_copy(metrics):
    copied = sum(m["bytes_copied"] for m in metrics) + sum(m["copies"] for m in metrics)
    arrays = sum(m["arrays"] for m in metrics)
    handed = sum(m["bytes_handed_over"] for m in metrics)
    detail = (f"{copied} bytes copied over {len(metrics)} arrayfeed runs, {arrays:,} arrays, "
              f"{handed / 1e9:.2f} GB handed over (--metrics)")
    return Target("zero copies", verdict(copied == 0 and arrays > 0), detail, {"bytes_copied": copied})


def flat_memory(cases):
    worst = max(cases, key=lambda c: c.growth_kb)
    parts = [f"{c.key} at {c.size} values: {c.peak_kb / 1024:.1f} MiB with {c.arrays:,} arrays, "
             f"{c.growth_kb:+,} KiB with {4 * c.arrays:,}" for c in cases]
    ok = worst.growth_kb <= RSS_GROWTH_LIMIT_KB
    return Target("peak memory independent of the number of arrays", verdict(ok),
                  "; ".join(parts) + f" (limit {RSS_GROWTH_LIMIT_KB:+,} KiB)",
                  {"growth_kb": {f"{c.key}@{c.size}": c.growth_kb for c in cases}})


def evaluate(settings, results, balanced, memory, prefetch_available):
    sizes = settings.sizes
    metrics = results.metrics + balanced.results.metrics
    return [nop_overhead(results, sizes[0]), file_ratio(results, sizes[-1]),
            prefetch_throughput(balanced, prefetch_available), zero_copy(metrics), flat_memory(memory)]

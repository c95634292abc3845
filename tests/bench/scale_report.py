"""The scale-out benchmark's targets, its markdown report, and the paper
extrapolation of the default job to many nodes from the measured figures."""

import math
from dataclasses import dataclass

THROUGHPUT_RATIO = 1.8   # generator-bound job, 2 ranks against 1
LOSS_RTOL = 1e-6         # default job, 2 ranks against 1
READ_RATIO = 1.5         # lsq step against one read of X
NUMPY_RATIO = 2.0        # NumPy's step against lsq's
# Small-message latency per hop of an allreduce between nodes, assumed, not
# measured here: a few microseconds on InfiniBand-class networks, tens over TCP.
NETWORK_LATENCIES_S = {"InfiniBand-class, 5 us": 5e-6, "TCP over Ethernet, 50 us": 50e-6}
NODES = (1, 4, 16, 64, 256)


@dataclass
class Target:
    name: str
    status: str
    detail: str


def _verdict(ok, smoke):
    return "N/A" if smoke else ("PASS" if ok else "FAIL")


def ms(seconds):
    return f"{seconds * 1e3:.2f} ms"


def collectives_s(figures):
    """The per-step cost of two ranks in step (the agreement and lsq's reduction),
    from the default job's loop on 64 rows, where the kernel costs next to nothing."""
    return figures["tiny_2"]["step_s"] - figures["tiny_1"]["step_s"]


def targets(figures, smoke=False):
    ratio = figures["generator_bound_2"] / figures["generator_bound_1"]
    one, two = figures["default_job_1"]["loss"], figures["default_job_2"]["loss"]
    step, numpy = figures["default_job_1"]["kernel_step_s"], figures["numpy"]
    blas = ", ".join(numpy["blas"])
    return [
        Target("generator-bound job, 2 ranks against 1", _verdict(ratio >= THROUGHPUT_RATIO, smoke),
               f"{ratio:.2f}x the throughput (target >= {THROUGHPUT_RATIO}x)"),
        Target("default job's loss, 2 ranks against 1", _verdict(abs(two - one) <= LOSS_RTOL * abs(one), smoke),
               f"{one!r} and {two!r}: {abs(two - one) / abs(one):.1e} relative (target <= {LOSS_RTOL:g})"),
        Target("lsq step against one read of X", _verdict(step <= READ_RATIO * numpy["read_x_s"], smoke),
               f"{ms(step)} against {ms(numpy['read_x_s'])}: {step / numpy['read_x_s']:.2f}x "
               f"(target <= {READ_RATIO}x)"),
        Target(f"lsq step against NumPy's ({blas})", _verdict(NUMPY_RATIO * step <= numpy["numpy_step_s"], smoke),
               f"NumPy {ms(numpy['numpy_step_s'])}, {numpy['numpy_step_s'] / step:.2f}x lsq's "
               f"(target >= {NUMPY_RATIO}x)"),
    ]


def extrapolation(figures):
    """Seconds per default-job step on n nodes, each one rank on all its cores:
    the fixed per-step cost, the kernel's share of the rows, and two allreduces
    (agreement and gradient) of log2(n) hops each."""
    fixed, kernel = figures["tiny_1"]["step_s"], figures["default_job_1"]["kernel_step_s"]
    rows = []
    for nodes in NODES:
        hops = math.ceil(math.log2(nodes)) if nodes > 1 else 0
        rows.append((nodes, [fixed + kernel / nodes + 2 * hops * latency for latency in NETWORK_LATENCIES_S.values()]))
    return rows


def _extrapolation_table(figures):
    names = list(NETWORK_LATENCIES_S)
    lines = ["| nodes | " + " | ".join(f"step, {n} | speed-up" for n in names) + " |",
             "|---:|" + "---:|---:|" * len(names)]
    base = extrapolation(figures)[0][1]
    for nodes, steps in extrapolation(figures):
        cells = " | ".join(f"{ms(s)} | {b / s:.1f}x" for s, b in zip(steps, base))
        lines.append(f"| {nodes} | {cells} |")
    return lines


def markdown(record):
    f, info = record["figures"], record["machine"]
    coll, step2 = collectives_s(f), f["default_job_2"]["step_s"]
    lines = [
        f"# Scale-out benchmark, {info['date']}",
        "",
        f"{info['cpu']}, {info['cores']} cores, load {info['load_average']:.2f}; {info['arrayfeed']}; "
        f"NumPy {info['numpy']} with {', '.join(f['numpy']['blas'])}. Medians of {record['sizes']['rounds']} "
        "interleaved rounds.",
        "",
        "| job | 1 rank | 2 ranks | speed-up |",
        "|---|---:|---:|---:|",
        f"| generator-bound (10^{round(math.log10(record['sizes']['values']))} normal values, stats), arrays/s "
        f"| {f['generator_bound_1']:.1f} | {f['generator_bound_2']:.1f} "
        f"| {f['generator_bound_2'] / f['generator_bound_1']:.2f}x |",
        f"| default job (10^6 x 16 float32, lsq), per step | {ms(f['default_job_1']['step_s'])} "
        f"| {ms(step2)} | {f['default_job_1']['step_s'] / step2:.2f}x |",
        f"| default job on 64 rows, per step | {f['tiny_1']['step_s'] * 1e6:.1f} us "
        f"| {f['tiny_2']['step_s'] * 1e6:.1f} us | |",
        "",
        f"Two ranks in step cost {coll * 1e6:.1f} us per step more than one (the agreement and lsq's "
        f"reduction, from the 64-row job): {100 * coll / step2:.2f} % of the default job's step at 2 ranks.",
        "",
        f"lsq step on all cores (kernel time per call, 1 rank): {ms(f['default_job_1']['kernel_step_s'])}; "
        f"one read of X in NumPy: {ms(f['numpy']['read_x_s'])}; NumPy's X.T @ (X @ w - y): "
        f"{ms(f['numpy']['numpy_step_s'])}.",
        "",
        "Targets:",
        "",
        *[f"- {t['status']}  {t['name']}: {t['detail']}" for t in record["targets"]],
        "",
        "On paper, the default job on many nodes, one rank per node on all its cores: per step the fixed "
        f"cost ({f['tiny_1']['step_s'] * 1e6:.0f} us, the 64-row job's step), the kernel's share of the rows "
        f"({ms(f['default_job_1']['kernel_step_s'])} / nodes) and two allreduces of log2(nodes) hops "
        "at an assumed network latency:",
        "",
        *_extrapolation_table(f),
        "",
    ]
    return "\n".join(lines)

"""The run as Markdown: machine, time per array, overhead, the prefetch
curve and the targets. The same text is printed and saved as latest.md."""

import catalog
import payoff
from overheads import overhead, ratio
from results import KERNEL


def duration(ns):
    if abs(ns) < 1e3:
        return f"{ns:.0f} ns"
    if abs(ns) < 1e6:
        return f"{ns / 1e3:.2f} us"
    return f"{ns / 1e6:.2f} ms" if abs(ns) < 1e8 else f"{ns / 1e6:.0f} ms"


def factor(ratio):
    return f"{ratio:,.2f}x" if ratio < 100 else f"{ratio:,.0f}x"


def size_label(size):
    exponent = len(str(size)) - 1
    return f"10^{exponent}" if size == 10**exponent and exponent > 0 else str(size)


def table(header, rows):
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return lines + ["| " + " | ".join(row) + " |" for row in rows]


def cells(results, key, sizes, figure):
    return [figure(key, size) if results.has(key, size) else "n/a" for size in sizes]


def time_rows(results, sizes):
    best = lambda key, size: duration(results.best(key, size))
    rows = [["bare kernel (C, in C)"] + cells(results, KERNEL, sizes, best)]
    return rows + [[a.label] + cells(results, a.key, sizes, best) for a in catalog.ALL]


CONSUMERS = [a for a in catalog.ALL if a is not catalog.BARE]


def ratio_rows(results, sizes):
    figure = lambda key, size: factor(ratio(results, key, size))
    return [[a.label] + cells(results, a.key, sizes, figure) for a in CONSUMERS]


def overhead_rows(results, sizes):
    figure = lambda key, size: duration(overhead(results, key, size))
    rows = [[a.label] + cells(results, a.key, sizes, figure) for a in CONSUMERS]
    host = [results.host_best(catalog.ARRAYFEED.key, s) for s in sizes]
    label = f"{catalog.ARRAYFEED.label}: its own host time (--metrics)"
    return rows + [[label] + [duration(ns) if ns is not None else "n/a" for ns in host]]


def payoff_lines(results, sizes, available):
    if not available:
        return ["arrayfeed --prefetch: not available in this build."]
    rows = payoff.curve(results, sizes)
    start = payoff.pays_off_from(rows)
    lines = table(["values", "arrayfeed", "--prefetch 2", "speed-up"],
                  [[size_label(s), duration(a), duration(b), factor(x)] for s, a, b, x in rows])
    verdict = f"from {size_label(start)} values on" if start else "at none of these sizes"
    return lines + ["", f"--prefetch 2 pays off (speed-up over {payoff.PAYS_OFF}x) {verdict}."]


def markdown(machine, settings, results, targets, available):
    sizes, header = settings.sizes, ["approach"] + [size_label(s) for s in settings.sizes]
    lines = [f"Machine: {machine['cpu']}, {machine['cores']} cores, load average {machine['load_average']:.2f} "
             f"at the start; {machine['date']}; {machine['arrayfeed']}, Python {machine['python']}, "
             f"NumPy {machine['numpy']}.",
             f"Each figure is the best of {settings.rounds} rounds x {settings.windows} windows (least time per "
             f"array; medians in latest.json); the file-and-restart workaround ran "
             f"{settings.handful_rounds} x {settings.handful_windows} arrays per size.", "",
             "Time per array (float32 values per array across):", ""]
    lines += table(header, time_rows(results, sizes))
    lines += ["", "Overhead per array above bare generation + bare kernel (nop, bare in arrayfeed: above "
              "bare generation alone):", ""]
    lines += table(header, overhead_rows(results, sizes))
    lines += ["", "The same as a ratio: time per array / (bare generation + bare kernel):", ""]
    lines += table(header, ratio_rows(results, sizes))
    lines += ["", "Where prefetch starts to pay off (plugin kernel, one pass):", ""]
    lines += payoff_lines(results, sizes, available)
    return "\n".join(lines + ["", "Targets:", ""] + ["    " + t.line() for t in targets]) + "\n"

"""latest.png: time per array against array size, every approach and the
baselines, log-log (matplotlib, headless)."""

import catalog
from results import KERNEL

BASELINES = {KERNEL: "bare kernel (C)", catalog.BARE.key: catalog.BARE.label,
             catalog.BARE_EMBEDDED.key: catalog.BARE_EMBEDDED.label}


def series(results, sizes):
    """(label, sizes, times in us, style) for every line that has figures."""
    lines = [(label, key, dict(linestyle=style, color="black" if key != catalog.BARE_EMBEDDED.key else "grey"))
             for (key, label), style in zip(BASELINES.items(), (":", "--", "--"))]
    lines += [(a.label, a.key, dict(marker="o")) for a in catalog.ALL if a.key not in BASELINES]
    for label, key, style in lines:
        shown = [s for s in sizes if results.has(key, s)]
        if shown:
            yield label, shown, [results.best(key, s) / 1e3 for s in shown], style
    both = [s for s in sizes if results.has(KERNEL, s) and results.has(catalog.BARE.key, s)]
    yield ("bare generation + bare kernel", both,
           [(results.best(KERNEL, s) + results.best(catalog.BARE.key, s)) / 1e3 for s in both],
           dict(linestyle="-.", color="black"))


def plot(results, sizes, machine, path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(figsize=(11, 6))
    for label, xs, ys, style in series(results, sizes):
        axes.plot(xs, ys, label=label, **style)
    axes.set_xscale("log")
    axes.set_yscale("log")
    axes.set_xlabel("float32 values per array")
    axes.set_ylabel("time per array (us, best window)")
    axes.set_title(f"arrayfeed benchmark: {machine['cpu']}, {machine['cores']} cores, {machine['date']}",
                   fontsize=10)
    axes.grid(True, which="both", alpha=0.3)
    axes.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)

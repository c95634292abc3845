"""latest.png: time per array against array size, every approach and the
baselines, log-log (matplotlib, headless)."""

import catalog
from results import KERNEL


def plot(results, sizes, machine, path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(figsize=(9, 6))
    lines = [(KERNEL, "bare kernel (C)", dict(linestyle=":", color="black"))]
    lines += [(a.key, a.label, dict(marker="o")) for a in catalog.ALL]
    for key, label, style in lines:
        shown = [s for s in sizes if results.has(key, s)]
        if shown:
            axes.plot(shown, [results.best(key, s) / 1e3 for s in shown], label=label, **style)
    axes.set_xscale("log")
    axes.set_yscale("log")
    axes.set_xlabel("float32 values per array")
    axes.set_ylabel("time per array (us, best window)")
    axes.set_title(f"arrayfeed benchmark: {machine['cpu']}, {machine['cores']} cores, {machine['date']}",
                   fontsize=10)
    axes.grid(True, which="both", alpha=0.3)
    axes.legend(fontsize=8)
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)

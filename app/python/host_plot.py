"""`arrayfeed plot TIMINGS.npy --out run.png` (compiled into the binary as
host_setup.py is, imported by that command alone): reads the per-array
timings that `arrayfeed run --timings PATH.npy` wrote and draws one PNG of
three panels, throughput over the run, each array's latency over the run, and
the latency distribution. Every user error is a PlotError whose message says
what is wrong, where, and how to fix it; the host prints it as
`error: <message>`."""

import os
import tempfile

import numpy as np

# The timings file's fields, in order, as `arrayfeed run --timings` writes them.
TIMINGS_DTYPE = np.dtype([
    ("index", "<u8"),
    ("yielded_s", "<f8"),
    ("script_s", "<f8"),
    ("host_s", "<f8"),
    ("kernel_s", "<f8"),
    ("latency_s", "<f8"),
])

# The .npy versions numpy writes; 3.0 differs from 2.0 only in allowing UTF-8
# field names, which arrayfeed's ASCII ones never need.
HEADER_READERS = {(1, 0): np.lib.format.read_array_header_1_0,
                  (2, 0): np.lib.format.read_array_header_2_0,
                  (3, 0): np.lib.format.read_array_header_2_0}

WRITTEN_BY = "expected a file written by `arrayfeed run --timings PATH.npy`"

# More points than this make the scatter a solid smear and the PNG slow to draw.
MAX_POINTS = 20_000
# Latencies over this many times the median are drawn as spikes.
SPIKE_FACTOR = 10
# From this many rows on, a binned median and p99 read better than the points.
MIN_ROWS_FOR_LINES = 2_000


class PlotError(Exception):
    """A user error: the message is the whole story, shown without a traceback."""


def plot_timings(timings_path: str, out_path: str) -> str:
    """Draws the timings file at `timings_path` into the PNG `out_path`; returns
    the line to show the user."""
    rows = _read_timings(timings_path)
    run = _Run(rows)
    _check_out_path(out_path)
    figure = _new_figure()
    name = os.path.basename(timings_path)
    figure.suptitle(f"{name}: {_arrays(len(rows))} over {_duration(run.span)}\n{run.totals()}",
                    fontsize=12)
    top, middle, bottom = figure.subplots(
        3, 1, gridspec_kw={"height_ratios": [1, 1.4, 1.1]})
    middle.sharex(top)
    _draw_throughput(top, run)
    _draw_latency_over_time(middle, run)
    _draw_latency_histogram(bottom, run)
    figure.tight_layout()
    try:
        figure.savefig(out_path, format="png", dpi=100)
    except OSError as error:
        raise PlotError(f"cannot write {out_path}: {error.strerror or error}; "
                        "pick another --out") from None
    return f"wrote {out_path}: {_arrays(len(rows))} over {_duration(run.span)}"


def _new_figure():
    """A Figure on the Agg canvas (no display needed). Built without pyplot, so
    nothing global keeps the figure alive in the long-lived embedded Python."""
    try:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
    except ImportError as error:
        fix = "on Debian install it with: apt-get install python3-matplotlib"
        if os.environ.get("VIRTUAL_ENV"):
            fix += f" (or pip install matplotlib into VIRTUAL_ENV={os.environ['VIRTUAL_ENV']})"
        raise PlotError(f"matplotlib is missing, and `arrayfeed plot` draws with it ({error}); "
                        f"{fix}") from None
    figure = Figure(figsize=(10, 8))
    FigureCanvasAgg(figure)
    return figure


def _read_timings(path):
    """The timings as a 1-D structured array, checked field by field."""
    try:
        with open(path, "rb") as file:
            # The header first: a plain or wrong array is refused before its data is read.
            try:
                version = np.lib.format.read_magic(file)
                shape, _, dtype = HEADER_READERS[version](file)
            except (ValueError, EOFError, SyntaxError, KeyError):
                raise PlotError(f"{path} is not a .npy file; {WRITTEN_BY}") from None
            _check_fields(path, shape, dtype)
            file.seek(0)
            try:
                rows = np.lib.format.read_array(file, allow_pickle=False)
            except (ValueError, EOFError) as error:
                raise PlotError(f"{path} is cut short or damaged ({error}); {WRITTEN_BY}") from None
    except FileNotFoundError:
        raise PlotError(f"{path}: no such file; {WRITTEN_BY}") from None
    except IsADirectoryError:
        raise PlotError(f"{path} is a folder; {WRITTEN_BY}") from None
    except OSError as error:
        raise PlotError(f"cannot read {path}: {error.strerror or error}") from None
    if len(rows) == 0:
        raise PlotError(f"nothing to plot: {path} has no rows (the run recorded no arrays)")
    return rows


def _check_fields(path, shape, dtype):
    if dtype.names is None:
        raise PlotError(f"{path} holds a plain {dtype} array of shape {shape}, not a table of "
                        f"timings with the fields {', '.join(TIMINGS_DTYPE.names)}; {WRITTEN_BY}")
    # Extra fields are let through: a later arrayfeed may record more per array.
    missing = [n for n in TIMINGS_DTYPE.names if n not in dtype.names]
    if missing:
        raise PlotError(f"{path} has the fields {', '.join(dtype.names)} but lacks "
                        f"{', '.join(missing)}; {WRITTEN_BY}")
    for name in TIMINGS_DTYPE.names:
        if dtype[name] != TIMINGS_DTYPE[name]:
            raise PlotError(f"{path}: field {name} is {dtype[name].str}, expected "
                            f"{TIMINGS_DTYPE[name].str}; {WRITTEN_BY}")
    if len(shape) != 1:
        raise PlotError(f"{path} holds timings of shape {shape}, expected one row per array "
                        f"(1-D); {WRITTEN_BY}")


def _check_out_path(out_path):
    """Fails before the drawing, not after it, when the PNG cannot be written."""
    if not out_path.lower().endswith(".png"):
        raise PlotError(f"--out {out_path}: the plot is a PNG; give a name ending in .png")
    if os.path.isdir(out_path):
        raise PlotError(f"--out {out_path} is a folder; give a file name ending in .png")
    folder = os.path.dirname(os.path.abspath(out_path))
    if not os.path.isdir(folder):
        raise PlotError(f"cannot write {out_path}: the folder {folder} does not exist; "
                        "create it or pick another --out")
    # A real file, not os.access: as root, access() says yes to read-only mounts.
    try:
        tempfile.TemporaryFile(dir=folder).close()
    except OSError as error:
        raise PlotError(f"cannot write {out_path}: the folder {folder} is not writable "
                        f"({error.strerror or error}); pick another --out") from None


class _Run:
    """What the panels share: times, latencies, their unit and the time bins."""

    def __init__(self, rows):
        keep = np.isfinite(rows["yielded_s"]) & np.isfinite(rows["latency_s"])
        self.rows = rows
        self.yielded = rows["yielded_s"][keep]
        self.latency = rows["latency_s"][keep]
        if len(self.latency) == 0:
            raise PlotError("nothing to plot: every row's yielded_s or latency_s is NaN or infinite")
        self.span = float(np.max(self.yielded + self.latency))
        self.last_yield = float(np.max(self.yielded))
        self.edges = _time_bins(self.last_yield, len(self.yielded))
        positive = self.latency[self.latency > 0]
        self.low = float(positive.min()) if len(positive) else 0.0
        self.high = float(self.latency.max())
        median = float(np.median(self.latency))
        self.unit, self.scale = _latency_unit(median if median > 0 else self.high)
        # Log scale when spikes would squash the typical latencies into the axis.
        self.log = self.low > 0 and self.high / self.low > 30

    def totals(self):
        parts = [f"{name} {_duration(float(np.nansum(self.rows[f'{name}_s'])))}"
                 for name in ("script", "host", "kernel")]
        return "total time in " + ", ".join(parts)


def _latency_unit(seconds):
    """The unit that shows `seconds` as a number between 1 and 1000."""
    for unit, scale in (("s", 1.0), ("ms", 1e3), ("µs", 1e6)):
        if seconds >= 1 / scale:
            return unit, scale
    return ("ns", 1e9) if seconds > 0 else ("s", 1.0)


def _arrays(count):
    return f"{count:,} array" + ("" if count == 1 else "s")


def _duration(seconds):
    if seconds == 0:
        return "0 s"
    unit, scale = _latency_unit(seconds)
    value = seconds * scale
    return f"{value:.3g} {unit}" if value < 100 else f"{value:.0f} {unit}"


def _time_bins(last, count):
    """Edges over 0..last of a round width: 60 to 150 bins, fewer for fewer
    than 750 arrays so that bins are not mostly empty; None when all arrays
    came at one instant."""
    if last <= 0:
        return None
    raw = last / min(150, max(count / 5, 5))
    decade = 10.0 ** np.floor(np.log10(raw))
    width = next(step * decade for step in (1, 2, 5, 10) if step * decade >= raw)
    edges = np.arange(0.0, last + width, width)
    edges[-1] = last  # the last bin ends with the last array, so its rate is not diluted
    return edges if len(edges) > 1 else np.array([0.0, last])


def _draw_throughput(axes, run):
    axes.set_title("throughput (arrays yielded per second)", fontsize=10, loc="left")
    axes.set_ylabel("arrays/s")
    axes.grid(alpha=0.3)
    if run.edges is None:
        axes.text(0.5, 0.5, "every array was yielded at the same instant",
                  ha="center", va="center", transform=axes.transAxes)
        return
    counts, _ = np.histogram(run.yielded, bins=run.edges)
    rates = counts / np.diff(run.edges)
    axes.stairs(rates, run.edges, fill=True, alpha=0.35, color="tab:blue")
    axes.stairs(rates, run.edges, color="tab:blue", linewidth=1.2,
                label=f"per {_duration(run.edges[1] - run.edges[0])} bin")
    mean = len(run.yielded) / run.last_yield
    axes.axhline(mean, color="black", linestyle="--", linewidth=1,
                 label=f"mean {mean:.4g} arrays/s")
    axes.set_ylim(bottom=0)
    axes.set_xlim(0, run.last_yield)
    axes.legend(loc="lower right", fontsize=8, framealpha=0.9)
    axes.tick_params(labelbottom=False)


def _draw_latency_over_time(axes, run):
    axes.set_title("latency of each array (arrival to result recorded)", fontsize=10, loc="left")
    axes.set_ylabel(f"latency ({run.unit})")
    axes.set_xlabel("time since the loop started (s), when the script yielded the array")
    axes.grid(alpha=0.3)
    shown, label = _thinned(run.latency)
    lines = len(run.latency) >= MIN_ROWS_FOR_LINES and run.edges is not None
    axes.scatter(run.yielded[shown], run.latency[shown] * run.scale, s=4 if lines else 8,
                 color="tab:gray" if lines else "tab:blue", alpha=0.6 if lines else 0.8,
                 linewidths=0, label=label, rasterized=True)
    # Spikes stand out in red: a few dots among thousands are easy to miss.
    limit = SPIKE_FACTOR * float(np.median(run.latency))
    spikes = run.latency > limit
    # Only a few: many slow arrays are a trend the lines show, not spikes.
    if limit > 0 and 0 < np.count_nonzero(spikes) <= max(10, len(spikes) // 100):
        axes.scatter(run.yielded[spikes], run.latency[spikes] * run.scale, s=18,
                     color="tab:red", linewidths=0, zorder=2.5,
                     label=f"{np.count_nonzero(spikes)} over {SPIKE_FACTOR}× the median")
    if lines:
        middles, median, p99 = _binned_percentiles(run.yielded, run.latency, run.edges)
        axes.plot(middles, p99 * run.scale, color="tab:orange", linewidth=1.5,
                  label="p99 per bin")
        axes.plot(middles, median * run.scale, color="tab:blue", linewidth=1.8,
                  label="median per bin")
    if run.log:
        axes.set_yscale("log")
    else:
        axes.set_ylim(bottom=0)
    axes.legend(loc="upper left", fontsize=8, framealpha=0.9, markerscale=1.5)


def _thinned(latency):
    """Which rows to draw as points, and their legend label: all of them, or
    every n-th plus the slowest, so that thinning never hides a spike."""
    count = len(latency)
    if count <= MAX_POINTS:
        return slice(None), "each array"
    slowest = MAX_POINTS // 10
    step = -(-count // (MAX_POINTS - slowest))
    chosen = np.zeros(count, dtype=bool)
    chosen[::step] = True
    chosen[np.argpartition(latency, count - slowest)[count - slowest:]] = True
    return chosen, f"every {step}th array, and the {slowest} slowest"


def _binned_percentiles(times, values, edges):
    """Bin middles, the median and p99 of `values` in each time bin (NaN where
    empty), from one sort rather than a loop over bins."""
    bins = np.clip(np.searchsorted(edges, times, side="right") - 1, 0, len(edges) - 2)
    order = np.lexsort((values, bins))
    ordered = values[order]
    counts = np.bincount(bins, minlength=len(edges) - 1)
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    filled = counts > 0
    median = np.full(len(counts), np.nan)
    p99 = np.full(len(counts), np.nan)
    last = counts[filled] - 1
    median[filled] = ordered[starts[filled] + last // 2]
    p99[filled] = ordered[starts[filled] + (last * 99) // 100]
    return (edges[:-1] + edges[1:]) / 2, median, p99


def _draw_latency_histogram(axes, run):
    axes.set_title("latency distribution", fontsize=10, loc="left")
    axes.set_xlabel(f"latency ({run.unit})")
    axes.set_ylabel("arrays")
    axes.grid(alpha=0.3)
    values = run.latency * run.scale
    count = int(np.clip(2 * np.sqrt(len(values)), 10, 80))
    if run.log:
        edges = np.geomspace(run.low * run.scale, run.high * run.scale, count + 1)
        values = np.clip(values, edges[0], None)  # zeros, off a log axis, count in the first bin
        axes.set_xscale("log")
    else:  # a narrow range: log-spaced bins would be as even, with worse tick labels
        edges = count
    counts, _, _ = axes.hist(values, bins=edges, color="tab:blue", alpha=0.6)
    if counts.max() > 100 * max(counts[counts > 0].min(), 1):
        axes.set_yscale("log")  # so the few slow arrays still show as bars
        axes.set_ylim(bottom=0.5)  # and a bar of one array as tall as the rest
    axes.margins(x=0.03)  # the max line off the frame
    for quantile, name, color in ((50, "p50", "tab:green"), (99, "p99", "tab:orange"),
                                  (100, "max", "tab:red")):
        value = np.percentile(run.latency, quantile)
        axes.axvline(value * run.scale, color=color, linestyle="--", linewidth=1.5,
                     label=f"{name} {_duration(float(value))}")
    axes.legend(loc="upper right", fontsize=9, framealpha=0.9)

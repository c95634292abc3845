"""Where prefetch starts to pay off: arrayfeed with the plugin, without and
with --prefetch 2, at every size (kernel one pass)."""

import catalog

PAYS_OFF = 1.05  # a speed-up below 5% is within the noise


def curve(results, sizes):
    """[(size, time without, time with, speed-up)]"""
    rows = []
    for size in sizes:
        plain = results.best(catalog.ARRAYFEED.key, size)
        pipelined = results.best(catalog.ARRAYFEED_PREFETCH.key, size)
        rows.append((size, plain, pipelined, plain / pipelined))
    return rows


def pays_off_from(rows):
    """The smallest size from which every larger size gains, or None."""
    start = None
    for size, _, _, speedup in rows:
        if speedup < PAYS_OFF:
            start = None
        elif start is None:
            start = size
    return start

"""Runs table_lookup (app/example_plugin/table_lookup.c) on a few arrays and
checks every result against np.interp: a wrong result ends the run with exit 1.

params: lo, hi, points (as given to the plugin; defaults 0, 1 and 1001 here)
"""
import numpy as np


def generate(ctx):
    lo, hi = float(ctx.params.get("lo", 0)), float(ctx.params.get("hi", 1))
    xp = np.linspace(lo, hi, int(ctx.params.get("points", 1001)))
    fp = np.exp(np.sin(xp))
    rng = np.random.default_rng(3)
    for x in (np.array([lo - 1, lo, hi, hi + 1]), rng.uniform(lo, hi, size=(20, 5)), np.array(0.5 * (lo + hi))):
        got = yield x
        np.testing.assert_allclose(got, np.interp(x, xp, fp), rtol=1e-12, atol=1e-15)

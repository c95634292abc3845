"""Runs weighted_mean (weighted_mean.c) on steps with and without weights and
checks every result against np.average: a wrong result ends the run with exit 1.

    arrayfeed run weighted_mean_gen.py --plugin ./libweighted_mean.so

A step is a dict of the kernel's input names to arrays; "w" may be left out,
and a bare array is "x" alone.
"""
import numpy as np


def generate(ctx):
    rng = np.random.default_rng(7)
    x = rng.normal(size=(50, 3))
    w = rng.uniform(0, 1, size=x.shape)
    for step in ({"x": x, "w": w}, {"x": x}, x[0], {"x": x[1], "w": w[1]}):
        got = yield step
        x_, w_ = (step["x"], step.get("w")) if isinstance(step, dict) else (step, None)
        np.testing.assert_allclose(got, np.average(x_, weights=w_), rtol=1e-12)

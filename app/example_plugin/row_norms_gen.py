"""Runs row_norms (row_norms.cpp) on float32 and float64 matrices and checks
every result against np.linalg.norm: a wrong result ends the run with exit 1.

    arrayfeed run row_norms_gen.py --plugin ./librow_norms.so --set p=3 --set width=4

params: p (as given to the plugin; default 2)
"""
import numpy as np


def generate(ctx):
    p = float(ctx.params.get("p", 2))
    rng = np.random.default_rng(5)
    for x in (rng.normal(size=(6, 4)), rng.normal(size=(3, 4)).astype(np.float32), np.zeros((0, 4))):
        got = yield x
        np.testing.assert_allclose(got, np.linalg.norm(x.astype(np.float64), ord=p, axis=1), rtol=1e-12)

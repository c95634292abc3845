"""The stats sent back into the generator equal NumPy's (float64 accumulation)."""
import numpy as np


def generate(ctx):
    rng = np.random.default_rng(3)
    for dtype in (np.float32, np.float64):
        for shape in [(1000,), (30, 40), (2, 3, 5)]:
            x = (rng.standard_normal(shape) * 50 + 10).astype(dtype)
            x.flat[::7] = np.nan
            r = yield x
            w = x.astype(np.float64)
            assert r["count"] == x.size and r["nan_count"] == np.isnan(x).sum(), r
            np.testing.assert_allclose(r["sum"], np.nansum(w), rtol=1e-12)
            np.testing.assert_allclose(r["mean"], np.nanmean(w), rtol=1e-12)
            np.testing.assert_allclose(r["std"], np.nanstd(w), rtol=1e-10)
            assert r["min"] == np.nanmin(w) and r["max"] == np.nanmax(w), r

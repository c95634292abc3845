"""Writes a marker file when its finally block runs; raises or exits on request."""
import numpy as np


def generate(ctx):
    try:
        for i in range(int(ctx.params.get("count", 10))):
            if ctx.params.get("fail_at") == str(i):
                raise ValueError(f"failing at {i}")
            if ctx.params.get("exit_at") == str(i):
                raise SystemExit(int(ctx.params["exit_code"]))
            yield np.full(4, float(i), dtype=ctx.params.get("dtype", "float64"))
    finally:
        with open(ctx.params["marker"], "w") as f:
            f.write("finally ran")

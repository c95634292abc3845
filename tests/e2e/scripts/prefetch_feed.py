"""Yields float64 arrays whose every value is the array's number (0, 1, ...),
for the --prefetch/--threads tests. Params:
  count    arrays to yield (default 20; -1: forever)
  size     values per array (default 1000)
  buffers  rotate this many preallocated buffers (default 0: a new array each time)
  mode     "view": yield a view of the buffer; "bytes": a bytearray
  raise_at raise ValueError before that yield
  finally  PATH written when the generator ends (with the number of arrays yielded)
  started  PATH touched once the first array was yielded (the `started_after`-th, if given)
  pace     seconds to sleep after each yield returns (after `started` is touched)
Every yield must return None under prefetch."""
import time

import numpy as np


def generate(ctx):
    p = ctx.params
    count, size = int(p.get("count", 20)), int(p.get("size", 1000))
    buffers = [np.empty(size + 1) for _ in range(int(p.get("buffers", 0)))]
    mode, raise_at = p.get("mode", ""), int(p.get("raise_at", -1))
    started_after, pace = int(p.get("started_after", 1)), float(p.get("pace", 0))
    k = 0
    try:
        while k != count:
            if k == raise_at:
                raise ValueError(f"failing before array {k}")
            if mode == "bytes":
                x = bytearray(np.full(size, float(k)).tobytes())
            elif buffers:
                base = buffers[k % len(buffers)]
                base[:] = k  # writes into a buffer that must no longer be in flight
                x = base[:size] if mode == "view" else base
            else:
                x = np.full(size, float(k))
            got = yield x
            assert got is None, f"yield returned {got!r} under prefetch"
            k += 1
            if k == started_after and "started" in p:
                open(p["started"], "w").close()
            if pace:
                time.sleep(pace)
    finally:
        if "finally" in p:
            with open(p["finally"], "w") as f:
                f.write(str(k))

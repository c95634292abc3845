"""Yields the same array forever, for --max-arrays and signals. After the
third yield it creates the `started` file (if given); its finally: block
writes the number of results it had received to the `finally` file.

params: finally=PATH, started=PATH, size=N,
        sleep=SECONDS (a pause after each yield from the third result on)
"""
import time

import numpy as np


def generate(ctx):
    p = ctx.params
    x = np.ones(int(p.get("size", 1000)))
    pause = float(p.get("sleep", 0))
    received = 0
    try:
        while True:
            r = yield x
            if r is not None:
                received += 1
            if received == 3 and "started" in p:
                open(p["started"], "w").close()
            if pause and received >= 3:
                time.sleep(pause)
    finally:
        with open(p["finally"], "w") as f:
            f.write(str(received))

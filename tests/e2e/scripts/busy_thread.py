"""Starts a thread that counts in Python while the generator feeds a slow
kernel; writes the count to PATH `report` at the end. The thread only counts
while the host lets go of the GIL as it waits for the kernel."""
import threading
import time

import numpy as np


def generate(ctx):
    count, stop = [0], threading.Event()

    def counter():
        while not stop.is_set():
            count[0] += 1
            time.sleep(0.0005)

    worker = threading.Thread(target=counter)
    worker.start()
    started = time.monotonic()
    try:
        for k in range(int(ctx.params.get("count", 12))):
            yield np.full(4, float(k))
    finally:
        stop.set()
        worker.join()
        with open(ctx.params["report"], "w") as f:
            f.write(f"{count[0]} {time.monotonic() - started}")

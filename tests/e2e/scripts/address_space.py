"""Writes the process's address-space size (VmSize, kB) to PATH `report` when
the generator starts, then yields `count` small float64 arrays (default 3);
its finally: block touches PATH `finally` (if given). A test measures a run
with it, then limits the address space (RLIMIT_AS) a little above that."""
import numpy as np


def generate(ctx):
    p = ctx.params
    if "report" in p:
        with open("/proc/self/status") as status, open(p["report"], "w") as out:
            out.write(next(line.split()[1] for line in status if line.startswith("VmSize:")))
    try:
        for k in range(int(p.get("count", 3))):
            yield np.full(4, float(k))
    finally:
        if "finally" in p:
            open(p["finally"], "w").close()

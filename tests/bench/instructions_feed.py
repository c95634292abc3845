"""The script the instruction-count benchmark feeds through both hosts: one
1-element float64 array, yielded n times, so the count is the host's own work
and the generator's resumption, the same in both."""

import numpy as np


def generate(ctx):
    x = np.zeros(1)
    for _ in range(int(ctx.params["n"])):
        yield x

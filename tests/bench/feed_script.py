"""The arrayfeed approach's script: the shared generator, run by arrayfeed.

`generate` yields the benchmark's arrays to the kernel and writes the window
times to the `samples` param's path when it ends. `bare` runs the same loop
with no consumer inside arrayfeed's embedded interpreter (a baseline that
tells the host's per-array work from the interpreter's own speed) and yields
nothing.
"""

import json

from generation import Plan, arrays


def _writer(params):
    def write(times):
        with open(params["samples"], "w") as out:
            json.dump({"times_ns": times}, out)

    return write


def generate(ctx):
    return arrays(Plan.from_params(ctx.params), [], on_end=_writer(ctx.params))


def bare(ctx):
    for _ in arrays(Plan.from_params(ctx.params), [], on_end=_writer(ctx.params)):
        pass
    return []

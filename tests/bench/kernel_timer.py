"""The bare-kernel baseline: bench_backend times the C sum itself, in C."""

import json

import child


def time_kernel(paths, size, passes=1, seconds=0.2):
    """ns per call of the sum over `size` values, one figure per timed batch."""
    done = child.run([paths.backend, "time", size, passes, seconds]).check()
    return json.loads(done.stdout)["ns_per_call"]

"""The bare-kernel baseline: bench_backend times the C sum itself, in C, in
windows of about the same length as the approaches' (settings.py)."""

import json

import child
from settings import kernel_calls


def time_kernel(paths, size, passes, settings):
    """ns per call of the sum over `size` values, one figure per window."""
    calls = kernel_calls(size, passes, settings)
    done = child.run([paths.backend, "time", size, passes, settings.kernel_seconds, calls]).check()
    return json.loads(done.stdout)["ns_per_call"]

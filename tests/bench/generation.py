"""The one generation code every approach runs, and the clock that times it.

Each array comes from a rotating pool of float32 buffers (larger than
--prefetch 2 + 1, so that no buffer is written while still in flight) and is
filled with NumPy's `fill` with a known value, so that every backend's sum can
be checked exactly. The clock is part of the generator: it notes the time when
the generation of certain arrays starts (window marks after a warm-up), so the
time per array is measured the same way for every consumer, in steady state,
whatever the consumer does (with prefetch, the generator is held back by the
kernel, so its pace is the pipeline's).
"""

import time
from dataclasses import asdict, dataclass

import numpy as np

POOL = 8
VALUES = [1.0 + 0.25 * k for k in range(16)]  # exact in float32; sums exact in double


@dataclass(frozen=True)
class Plan:
    """How many arrays of how many values: warm-up, `windows` timed windows of
    `per_window` arrays each, then `tail` more (so a prefetching consumer is
    still busy when the last window closes)."""

    size: int
    per_window: int
    windows: int = 5
    warmup: int = 0
    tail: int = 1

    @property
    def count(self):
        return self.warmup + self.windows * self.per_window + self.tail

    def marks(self):
        return [self.warmup + k * self.per_window for k in range(self.windows + 1)]

    def to_params(self):
        return {key: str(value) for key, value in asdict(self).items()}

    @classmethod
    def from_params(cls, params):
        return cls(**{key: int(params[key]) for key in asdict(cls(0, 0))})


def new_pool(size, slots=POOL):
    return [np.empty(size, dtype=np.float32) for _ in range(slots)]


def arrays(plan, times, pool=None, on_end=None):
    """Yields plan.count arrays; appends the time (ns) at each window mark to
    `times`; calls on_end(times) when done, however it ends."""
    pool = pool if pool is not None else new_pool(plan.size)
    slots = len(pool)
    marks = iter(plan.marks())
    next_mark = next(marks)
    clock = time.perf_counter_ns
    try:
        for step in range(plan.count):
            if step == next_mark:
                times.append(clock())
                next_mark = next(marks, -1)
            x = pool[step % slots]
            x.fill(VALUES[step & 15])
            yield x
    finally:
        if on_end is not None:
            on_end(times)


def per_array_ns(plan, times):
    """The time per array in each window."""
    return [(b - a) / plan.per_window for a, b in zip(times, times[1:])]


def expected_sum(plan, step):
    return plan.size * VALUES[step & 15]


def expected_total(plan):
    return sum(expected_sum(plan, step) for step in range(plan.count))

"""What a run has measured: time per array (ns) in every window of every
round, per (key, size), where a key is an approach's or a baseline's."""

import statistics
from collections import defaultdict

KERNEL = "kernel"  # the bare-kernel baseline, timed in C


class Results:
    def __init__(self):
        self.windows = defaultdict(list)
        self.host_ns = defaultdict(list)  # arrayfeed's own host time per array, from --metrics
        self.metrics = []  # every arrayfeed run's --metrics

    def add(self, key, size, per_array_ns):
        self.windows[key, size].extend(per_array_ns)

    def add_run(self, key, size, measurement):
        self.add(key, size, measurement.per_array_ns)
        metrics = measurement.metrics
        if metrics:
            self.metrics.append(metrics)
        if metrics and metrics["arrays"]:
            self.host_ns[key, size].append(metrics["host_seconds"] * 1e9 / metrics["arrays"])

    def has(self, key, size):
        return bool(self.windows.get((key, size)))

    def best(self, key, size):
        """The least time per array over all windows: the cost when undisturbed."""
        return min(self.windows[key, size])

    def median(self, key, size):
        return statistics.median(self.windows[key, size])

    def host_best(self, key, size):
        """arrayfeed's own host time per array (its --metrics), least over runs; None if none."""
        found = self.host_ns.get((key, size))
        return min(found) if found else None

    def noise(self, key, size):
        """How far a typical window is from the best: the scale of the noise."""
        return self.median(key, size) - self.best(key, size)

    def to_json(self):
        figures = {f"{key}@{size}": {"best_ns": min(v), "median_ns": statistics.median(v), "windows": len(v)}
                   for (key, size), v in sorted(self.windows.items())}
        for key, size in self.host_ns:
            figures[f"{key}@{size}"]["host_ns_per_array"] = self.host_best(key, size)
        return figures

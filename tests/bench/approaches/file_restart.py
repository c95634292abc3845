"""The workaround arrayfeed replaces: per array, Python writes a file, starts
the backend (which builds its table again), and reads the sum it wrote."""

import subprocess
import tempfile
from pathlib import Path

import numpy as np

from generation import arrays


def run(plan, paths):
    times, last = [], None
    with tempfile.TemporaryDirectory(prefix="arrayfeed-bench-") as folder:
        source, result = Path(folder) / "in.f32", Path(folder) / "out.f64"
        command = [str(paths.backend), "file", "--table-mb", str(paths.table_mb), str(source), str(result)]
        for x in arrays(plan, times):
            x.tofile(source)
            subprocess.run(command, check=True)
            last = float(np.fromfile(result, dtype=np.float64)[0])
    return times, last

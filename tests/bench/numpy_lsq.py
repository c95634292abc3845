"""The lsq step's baselines in NumPy, on the default job's data: one read of
X (a sum over all its values) and NumPy's two-pass step X.T @ (X @ w - y).
Prints the median times in seconds and the BLAS NumPy loaded, as JSON:
python3 numpy_lsq.py X.npy y.npy REPEATS"""

import json
import sys
import time

import numpy as np


def median_seconds(work, repeats):
    work()
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return sorted(times)[repeats // 2]


def loaded_blas():
    with open("/proc/self/maps") as maps:
        names = {line.split()[-1].rsplit("/", 2)[-2] for line in maps if "libblas" in line or "openblas" in line}
    return sorted(names) or ["unknown"]


def main(x_path, y_path, repeats):
    # Plain ndarrays over the mapped files: np.memmap's subclass makes every operation slower.
    x, y = (np.asarray(np.load(path, mmap_mode="r")) for path in (x_path, y_path))
    w = np.linspace(-1, 1, x.shape[1], dtype=x.dtype)
    figures = {"read_x_s": median_seconds(lambda: np.add.reduce(x.reshape(-1)), int(repeats)),
               "numpy_step_s": median_seconds(lambda: x.T @ (x @ w - y), int(repeats))}
    json.dump({**figures, "blas": loaded_blas()}, sys.stdout)


if __name__ == "__main__":
    main(*sys.argv[1:])

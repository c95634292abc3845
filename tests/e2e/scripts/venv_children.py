"""Imports the test venv's module (plain Python: the venv has no NumPy) in a
subprocess and in a multiprocessing child (spawned: a fresh interpreter from
sys.executable) and yields what both saw."""
import multiprocessing
import subprocess
import sys

import numpy as np


def child_sum(_):
    import e2e_venv_child_module
    return e2e_venv_child_module.VALUE


def generate(ctx):
    done = subprocess.run([sys.executable, "-c", "import e2e_venv_child_module as m; print(m.VALUE)"],
                          capture_output=True, text=True, timeout=30)
    if done.returncode != 0:
        raise RuntimeError(f"{sys.executable} could not import the venv's module:\n{done.stderr}")
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        spawned = pool.map(child_sum, [0])[0]
    yield np.array([float(done.stdout), spawned])

"""Shared memory plus a flag: the generator's pool lives in a file in
/dev/shm that a persistent backend has mapped too, so arrays are written in
place; Python posts a request number in the header and spins until the
backend answers with the same number (layout: backend/shm_layout.h). Both
sides spin rather than sleep, and yield the core only after a while: the
lowest latency this approach can have."""

import mmap
import os
import subprocess
import tempfile
import time

import numpy as np

from generation import POOL, arrays

REQUEST, VALUES, STOP, DONE, RESULT, READY = 0, 1, 2, 8, 9, 10
DATA_BYTES = 4096
SPINS_BEFORE_YIELD = 2000  # about 0.1 ms; yielding often costs whole time slices on a busy host


def mapped_pool(memory, size):
    slot_bytes = size * 4
    return [np.ndarray((size,), np.float32, buffer=memory, offset=DATA_BYTES + k * slot_bytes)
            for k in range(POOL)]


def start(paths, path, size):
    return subprocess.Popen([str(paths.backend), "shm", "--table-mb", str(paths.table_mb), path,
                             str(POOL), str(max(size, 1))])


def wait_ready(header, backend):
    while not header[READY]:
        if backend.poll() is not None:
            raise RuntimeError(f"bench_backend shm exited with {backend.returncode}")
        time.sleep(0.001)


def serve(plan, memory, backend):
    header = memoryview(memory)[:DATA_BYTES].cast("q")
    result = memoryview(memory)[:DATA_BYTES].cast("d")
    header[VALUES] = plan.size
    wait_ready(header, backend)
    times, last, request = [], None, 0
    try:
        for _ in arrays(plan, times, pool=mapped_pool(memory, plan.size)):
            request += 1
            header[REQUEST] = request  # x86-64 keeps the slot's stores before this one
            spins = 0
            while header[DONE] != request:
                spins += 1
                if spins > SPINS_BEFORE_YIELD:
                    os.sched_yield()  # the backend may need this core: the host is shared
            last = result[RESULT]
    finally:
        header[STOP] = 1
        backend.wait()
    return times, last


def run(plan, paths):
    with tempfile.NamedTemporaryFile(dir="/dev/shm", prefix="arrayfeed-bench-") as file:
        os.ftruncate(file.fileno(), DATA_BYTES + POOL * max(plan.size, 1) * 4)
        memory = mmap.mmap(file.fileno(), 0)
        return serve(plan, memory, start(paths, file.name, plan.size))

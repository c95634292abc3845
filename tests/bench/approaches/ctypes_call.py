"""Python calls the C kernel in its own process through ctypes, the usual
`x.ctypes.data_as(POINTER(c_float))` way; init runs once, in process."""

import ctypes

from generation import arrays


class BenchState(ctypes.Structure):
    _fields_ = [("table", ctypes.c_void_p), ("values", ctypes.c_size_t), ("checksum", ctypes.c_double)]


def load(paths):
    lib = ctypes.CDLL(str(paths.kernel_library))
    lib.bench_init.argtypes = [ctypes.POINTER(BenchState), ctypes.c_size_t]
    lib.bench_sum.argtypes = [ctypes.POINTER(ctypes.c_float), ctypes.c_int64]
    lib.bench_sum.restype = ctypes.c_double
    return lib


def run(plan, paths):
    lib = load(paths)
    state = BenchState()
    if lib.bench_init(ctypes.byref(state), paths.table_mb) != 0:
        raise MemoryError("bench_init: no memory for the table")
    bench_sum, float_p = lib.bench_sum, ctypes.POINTER(ctypes.c_float)
    times, last = [], None
    for x in arrays(plan, times):
        last = bench_sum(x.ctypes.data_as(float_p), x.size)
    return times, last

"""Entries for test_script_source, each started as a run starts a script's."""
import numpy as np

received = []  # what the generators here were sent back, or their ctx
yielded = []  # the arrays keeps_arrays yielded
finished = []  # the generators whose finally: ran


def generate(ctx):
    try:
        for i in range(4):
            received.append((yield np.full(4, float(i))))
    finally:
        finished.append("generate")


def from_list():
    return [np.zeros(2), np.ones(2)]


def not_iterable(ctx):
    return 42


def shows_ctx(ctx):
    received.append(ctx)
    yield np.zeros(1)


def wrong_dtype(ctx):
    yield np.zeros(2)
    yield np.zeros(2, dtype=np.int8)  # wrong_dtype's refused yield


def keeps_arrays(ctx):
    for i in range(3):
        yielded.append(np.full(2, float(i)))
        yield yielded[-1]


def writes_in_flight(ctx):
    x = np.zeros(2)
    yield x
    x[0] = 1.0  # the kernel may still be reading it
    yield x


def float32s(ctx):
    for i in range(3):
        yield np.full(2, i, dtype=np.float32)

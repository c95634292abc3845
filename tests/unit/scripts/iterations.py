"""Entries for test_script_iterator: what a script's entry may return and do."""
import signal

import numpy as np

received = []  # what the generators here were sent back
finished = []  # the generators whose finally: ran


def counting():
    for i in range(3):
        received.append((yield np.full(2, float(i))))  # counting's yield


def returning():
    yield np.zeros(1)
    return "a generator's return value ends it like running out"


def plain_list():
    return [np.zeros(1), np.ones(1)]


def delegating():
    yield from [np.zeros(1), np.ones(1)]  # a list iterator cannot take what is sent
    yield from counting()  # a generator can


def failing():
    yield np.zeros(1)
    raise ValueError("no more data")  # failing's raise


def exiting():
    yield np.zeros(1)
    raise SystemExit(4)


def interrupted():
    raise KeyboardInterrupt
    yield


def terminated():
    signal.getsignal(signal.SIGTERM)(signal.SIGTERM, None)  # the host's handler, as Python calls it
    yield


def closing():
    try:
        yield np.zeros(1)
        yield np.ones(1)
    finally:
        finished.append("closing")


def failing_cleanup():
    try:
        yield np.zeros(1)
    finally:
        raise RuntimeError("cleanup failed")  # failing_cleanup's raise

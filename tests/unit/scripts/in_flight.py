"""Arrays for test_in_flight_arrays: what a kernel may be reading on another
thread while the script runs on."""
import numpy as np

base = np.arange(12.0)  # the halves view it


def owned():
    return np.arange(4.0)


def first_half():
    return base[:6]


def second_half():
    return base[6:]


def read_only():
    x = np.arange(3.0)
    x.flags.writeable = False
    return x

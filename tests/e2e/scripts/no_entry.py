"""Has no `generate`: only other functions."""
import numpy as np


def produce(ctx):
    yield np.ones(2)


def helper():
    return 1

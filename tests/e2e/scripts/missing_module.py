"""Imports a module nobody has."""
import numpy as np
import arrayfeed_e2e_no_such_module  # IMPORT-LINE


def generate(ctx):
    yield np.ones(1)

"""Imported by sibling_import.py (not a script itself)."""
import numpy as np


def make():
    return np.array([10.0, 20.0, 30.0])

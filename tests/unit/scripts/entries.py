"""A script for test_script: entries of each kind, and its own data sets."""
import numpy as np

not_callable = 42


def generate(ctx):
    yield np.zeros(1)


def without_ctx():
    return [np.zeros(1)]


def data_sets(params):
    if params.get("data") == "fail":
        raise OSError("cannot make the table")
    if params.get("data") == "list":
        return ["table.npy"]
    return {"table": f"table_{params.get('size', 0)}.npy", "raw": b"raw\xff.npy"}

"""Records ctx (params, kernel and its contract) and writes through print and ctx.log.

params: record=PATH
"""
import json
import logging

import numpy as np


def generate(ctx):
    k = ctx.kernel
    with open(ctx.params["record"], "w") as f:
        json.dump({
            "params": ctx.params,
            "params_is_dict": isinstance(ctx.params, dict),
            "kernel": {"name": k.name, "description": k.description},
            "contract": {"dtypes": list(k.contract.dtypes), "min_ndim": k.contract.min_ndim,
                         "max_ndim": k.contract.max_ndim, "strided_ok": k.contract.strided_ok,
                         "text": k.contract.text},
            "log_is_logger": isinstance(ctx.log, logging.Logger),
        }, f)
    print("printed-line", 42)
    ctx.log.debug("debug-line %d", 1)
    ctx.log.info("info-line %s", "abc")
    ctx.log.warning("warning-line")
    for _ in range(3):
        yield np.zeros(3)

"""One array, then SystemExit with the code from params (an int, 'none' or text);
the finally: block leaves a marker file.

params: code=N|none|TEXT, finally=PATH
"""
import numpy as np


def generate(ctx):
    code = ctx.params["code"]
    try:
        yield np.ones(2)
        yield np.ones(3)
        if code == "none":
            raise SystemExit()
        raise SystemExit(int(code) if code.lstrip("-").isdigit() else code)
        yield np.ones(4)  # never reached
    finally:
        with open(ctx.params["finally"], "w") as f:
            f.write("finally ran")

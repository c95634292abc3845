"""Two arrays, then an exception raised two calls deep (in check_step).

params: when=generator|call (call: the entry fails before returning a generator)
"""
import numpy as np


def check_step(step):
    if step == 2:
        raise ValueError(f"step {step} is out of range")  # RAISE-LINE


def run_steps():
    for step in range(5):
        check_step(step)  # CALL-LINE
        yield np.full(3, float(step))


def not_a_generator(ctx):
    return dict(ctx.params)["missing-key"]  # KEYERROR-LINE


def generate(ctx):
    if ctx.params.get("when") == "call":
        return not_a_generator(ctx)
    return run_steps()

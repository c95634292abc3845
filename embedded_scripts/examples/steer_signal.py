"""Example: a feedback loop through the `stats` kernel.

Each step yields one array of a noisy, drifting signal (1,000,000 float32
values by default). The host reads it in place, `stats` computes its mean and
spread in C++, and the result comes back from `yield`; the script uses it to
steer the signal's offset back towards zero, as a controller would.

Parameters (--set KEY=VALUE, or [params] in config/steer_signal.toml):
  steps  number of arrays   (default 50)
  size   values per array   (default 1000000)
  gain   controller gain    (default 0.5)
  seed   random seed        (default 0)
"""

import numpy as np


def generate(ctx):
    steps = int(ctx.params.get("steps", 50))
    size = int(ctx.params.get("size", 1_000_000))
    gain = float(ctx.params.get("gain", 0.5))
    rng = np.random.default_rng(int(ctx.params.get("seed", 0)))

    signal = np.empty(size, dtype=np.float32)
    offset = 5.0
    ctx.log.info("steering a %d-value signal from offset %.2f towards 0 over %d steps",
                 size, offset, steps)
    for step in range(steps):
        rng.standard_normal(size, dtype=np.float32, out=signal)
        signal += offset + 0.1 * np.sin(step)      # the drifting process
        stats = yield signal                       # read in place by the kernel
        if stats is None:                          # no result (e.g. --kernel nop)
            continue
        offset -= gain * stats["mean"]             # feedback from C++
        if step % 10 == 0 or step == steps - 1:
            ctx.log.info("step %3d: mean %+.4f  std %.4f  -> offset %+.4f",
                         step, stats["mean"], stats["std"], offset)

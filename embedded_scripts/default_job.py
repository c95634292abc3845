"""arrayfeed's default job: fit a linear model by gradient descent.

The native kernel `lsq` holds the data set (X: 1,000,000 x 16 float32, and y)
loaded once, memory-mapped. Each step this generator yields the current
weights w (16 numbers), the kernel returns the loss mean((Xw - y)^2) and its
gradient, and the script takes a step in NumPy. Per step, 64 bytes go to the
backend instead of a 64 MB file and a process start.

The data are made on the first run (about a second) into a cache folder:
$XDG_CACHE_HOME/arrayfeed, else ~/.cache/arrayfeed.

Parameters (--set KEY=VALUE, or [params] in config/default.toml); a value
out of range ends the run as a usage error (exit 2):
  steps  most gradient steps, >= 1              (default 400)
  lr     learning rate, > 0                     (default 0.03)
  tol    stop when |grad| falls below this, >= 0 (default 1e-4)
  rows   rows of X                              (default 1000000)
  cols   columns of X, fewer than rows, so that
         the optimum is unique                  (default 16)
"""

import logging
import math
import os
import tempfile

import numpy as np


def _param(params, name, default, parse, valid, rule):
    """params[name] as parse() reads it, else the default; a value that does
    not parse or is not valid() ends the run as a usage error (exit 2). A
    config file's number is taken only if parse() keeps it as it is: 2.5
    steps is refused, not cut to 2."""
    given = params.get(name)
    if given is None:
        return default
    try:
        value = parse(given)
    except ValueError:
        value = None
    if not isinstance(given, str) and (isinstance(given, bool) or value != given):
        value = None
    if value is None or not valid(value):
        logging.getLogger("script").error("%s=%s: %s must be %s", name, given, name, rule)
        raise SystemExit(2)
    return value


def _cache_folder():
    """The cache folder, else (if it cannot be made or written) the temp folder."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    folder = os.path.join(base, "arrayfeed")
    try:
        os.makedirs(folder, exist_ok=True)
        usable = os.access(folder, os.W_OK | os.X_OK)
    except OSError:
        usable = False
    if usable:
        return folder
    logging.getLogger("script").warning("cannot write to %s; the demo data go to %s instead",
                                        folder, tempfile.gettempdir())
    return tempfile.gettempdir()


def _complete(path):
    """True for a whole .npy file; mapping a file shorter than its header says fails."""
    try:
        np.load(path, mmap_mode="r")
    except (OSError, ValueError, EOFError):
        return False
    return True


def _save_atomically(path, array):
    # A killed first run must not leave a truncated file that later runs trust,
    # nor an interrupted or failed one a partial file of up to 64 MB.
    partial = f"{path}.{os.getpid()}.partial"
    try:
        with open(partial, "wb") as f:
            np.save(f, array)
        os.replace(partial, path)
    except BaseException:
        if os.path.exists(partial):
            os.remove(partial)
        raise


def data_sets(params):
    """Called by the host before loading data: makes X and y once, then reuses them."""
    rows = _param(params, "rows", 1_000_000, int, lambda n: n >= 2, "a whole number >= 2")
    cols = _param(params, "cols", 16, int, lambda n: 1 <= n < rows,
                  f"a whole number from 1 to rows - 1 = {rows - 1}")
    stem = os.path.join(_cache_folder(), f"lsq-demo-v1-{rows}x{cols}")
    paths = {"X": stem + "-X.npy", "y": stem + "-y.npy"}
    if not all(_complete(p) for p in paths.values()):
        rng = np.random.default_rng(0)
        # Columns of different scales make the problem ill-conditioned enough
        # that gradient descent needs a few hundred steps, as real ones do.
        X = rng.standard_normal((rows, cols), dtype=np.float32) * np.linspace(1, 4, cols, dtype=np.float32)
        w_true = np.linspace(-1, 1, cols, dtype=np.float32)
        y = X @ w_true + rng.normal(0, 0.1, rows).astype(np.float32)
        _save_atomically(paths["X"], X)
        _save_atomically(paths["y"], y)
        logging.getLogger("script").info("made the demo data once, for later runs too: %s-*.npy", stem)
    return paths


def _least_squares(X, y, chunk=1 << 16):
    """argmin |Xw - y|, from X^T X and X^T y summed in float64 a chunk at a
    time: float32 sums would miss the optimum, and a float64 copy of X is 128 MB."""
    gram = np.zeros((X.shape[1], X.shape[1]))
    moment = np.zeros(X.shape[1])
    for start in range(0, X.shape[0], chunk):
        rows = X[start:start + chunk].astype(np.float64)
        gram += rows.T @ rows
        moment += rows.T @ y[start:start + chunk]
    return np.linalg.solve(gram, moment)


def generate(ctx):
    steps = _param(ctx.params, "steps", 400, int, lambda n: n >= 1, "a whole number >= 1")
    lr = _param(ctx.params, "lr", 0.03, float, lambda v: 0 < v < math.inf, "a positive number")
    tol = _param(ctx.params, "tol", 1e-4, float, lambda v: v >= 0, "a number >= 0")
    if ctx.kernel.name != "lsq":
        ctx.log.error("the default job needs the lsq kernel, not %r: run it without --kernel",
                      ctx.kernel.name)
        raise SystemExit(2)
    X, y = ctx.data["X"], ctx.data["y"]  # read-only views of the kernel's memory, no copy
    ctx.log.info("fitting %d x %d by gradient descent through the lsq kernel", *X.shape)

    w = np.zeros(X.shape[1], dtype=X.dtype)
    start = None
    for step in range(1, steps + 1):
        result = yield w  # the kernel reads w in place and sends back loss and grad
        loss, grad = result["loss"], result["grad"]
        start = loss if start is None else start
        if step == 1 or step % 50 == 0:
            ctx.log.info("step %4d  loss %.6f  |grad| %.2e", step, loss, np.linalg.norm(grad))
        if np.linalg.norm(grad) < tol:
            break
        w -= lr * grad  # in place: the host no longer reads w once the result is back

    # The exact optimum from the normal equations, solved in NumPy on the same
    # memory the kernel reads, and its loss from the kernel.
    optimum = (yield _least_squares(X, y).astype(X.dtype))["loss"]
    converged = loss - optimum <= 1e-3 * optimum
    ctx.log.info("%s after %d steps: loss %.6f at the start, %.6f at the end (optimum %.6f)",
                 "converged" if converged else "NOT converged", step, start, loss, optimum)
    if not converged:
        raise SystemExit(1)

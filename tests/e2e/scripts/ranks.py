"""What each rank of a job sees through ctx (tests/e2e/test_ranks.py).

case=shard   yields [i] for each i of ctx.shard(n)
case=reduce  saves rank, size and ctx.allreduce's sums, minima and maxima
             of int32, int64, float32 and float64 arrays to {out}/reduced-{rank}.npz
case=comm    saves what ctx.comm (mpi4py) says to {out}/comm-{rank}.npz
case=refused ctx.allreduce of the argument `arg` names (lines marked # REFUSED)
case=pool    yields the squares of this rank's 4 numbers, computed by a fork
             multiprocessing.Pool, 3 times
case=steps   gradient steps through lsq (lock step): `steps` a count per rank
             ("3,5": rank 0 takes 3, rank 1 5), rank `fail_rank` raising at
             step `fail_at` (the line marked so; fail_rank=all: every rank;
             with `fail_exit`, SystemExit(fail_exit) instead), `pause`
             seconds of sleep after each; items for `stats` otherwise
"""

import multiprocessing
import os
import time

import numpy as np

BAD_ARGUMENTS = {
    "list": lambda: [1.0, 2.0],
    "float16": lambda: np.ones(3, dtype=np.float16),
    "uint64": lambda: np.ones(3, dtype=np.uint64),
    "bigendian": lambda: np.ones(3, dtype=">f8"),
    "complex": lambda: np.ones(3, dtype=np.complex128),
    "strided": lambda: np.ones(6)[::2],
    "readonly": lambda: np.frombuffer(b"\0" * 24),
}


def reduced(ctx):
    found = {"rank": np.array([ctx.rank]), "size": np.array([ctx.size])}
    for dtype in (np.int32, np.int64, np.float32, np.float64):
        for op in ("sum", "min", "max"):
            a = np.array([ctx.rank + 1, 10 * (ctx.rank + 1), -ctx.rank], dtype=dtype)
            same = ctx.allreduce(a, op=op)
            assert same is a, "ctx.allreduce returns the array it reduced in place"
            found[f"{op}_{np.dtype(dtype).name}"] = a
    return found


def comm_facts(ctx):
    if ctx.comm is None:
        return {"none": np.array([1])}
    total = ctx.comm.allreduce(ctx.rank + 1)
    return {"size": np.array([ctx.comm.Get_size()]), "rank": np.array([ctx.comm.Get_rank()]),
            "total": np.array([total])}


def steps(ctx):
    counts = [int(n) for n in ctx.params["steps"].split(",")]
    fail_rank, fail_at = ctx.params.get("fail_rank", "none"), int(ctx.params.get("fail_at", 0))
    fails = fail_rank in ("all", str(ctx.rank))
    pause = float(ctx.params.get("pause", 0))
    w = np.zeros(ctx.data["X"].shape[1]) if "X" in ctx.data else None
    for step in range(1, counts[ctx.rank % len(counts)] + 1):
        if fails and step == fail_at and "fail_exit" in ctx.params:
            raise SystemExit(int(ctx.params["fail_exit"]))
        if fails and step == fail_at:
            raise RuntimeError(f"rank {ctx.rank} fails at step {step}")  # FAILS
        time.sleep(pause)
        if w is None:
            yield np.full(2, float(step))
            continue
        result = yield w
        w = w - 0.1 * result["grad"]


# A set-up that fails, or ends cleanly, on one rank only: the import of this script there.
if os.environ.get("OMPI_COMM_WORLD_RANK") == os.environ.get("RANKS_FAIL_IMPORT_ON", "none"):
    raise ImportError("this rank cannot import what it needs")  # IMPORT FAILS
if os.environ.get("OMPI_COMM_WORLD_RANK") == os.environ.get("RANKS_EXIT_IMPORT_ON", "none"):
    raise SystemExit(0)


def square(v):
    return v * v


def pooled(ctx):
    with multiprocessing.get_context("fork").Pool(2) as pool:
        for _ in range(3):
            yield np.array(pool.map(square, range(4 * ctx.rank, 4 * ctx.rank + 4)), dtype=np.float64)


def generate(ctx):
    case = ctx.params["case"]
    if case == "pool":
        yield from pooled(ctx)
        return
    if case == "steps":
        yield from steps(ctx)
        return
    if case == "shard":
        for i in ctx.shard(int(ctx.params["n"])):
            yield np.array([float(i)])
    elif case == "refused":
        if ctx.params.get("op"):
            ctx.allreduce(np.ones(2), op=ctx.params["op"])  # REFUSED OP
        ctx.allreduce(BAD_ARGUMENTS[ctx.params["arg"]]())  # REFUSED ARG
    else:
        facts = reduced(ctx) if case == "reduce" else comm_facts(ctx)
        np.savez(f"{ctx.params['out']}/{case}-{ctx.rank}.npz", **facts)
        yield np.ones(1)

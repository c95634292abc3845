"""What each rank of a job sees through ctx (tests/e2e/test_ranks.py).

case=shard   yields [i] for each i of ctx.shard(n)
case=reduce  saves rank, size and ctx.allreduce's sums, minima and maxima
             of int32, int64, float32 and float64 arrays to {out}/reduced-{rank}.npz
case=comm    saves what ctx.comm (mpi4py) says to {out}/comm-{rank}.npz
case=refused ctx.allreduce of the argument `arg` names (lines marked # REFUSED)
"""

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


def generate(ctx):
    case = ctx.params["case"]
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

"""Yields `count` arrays (default 6) of 4 values k = 0, 1, ...; before array
`fork_at` (default 2) it forks with os.fork(). The child, per `child`:
  exit     ends with os._exit(7), as a forked child should
  return   goes on in the generator, back into arrayfeed's loop
  raise    raises RuntimeError into arrayfeed's loop
  linger   sleeps 2 s, then ends with os._exit(0); the parent sends it SIGTERM
           at once, as a Pool's terminate() may, which must kill it
The parent waits for it (at most 3 s, then kills it) and writes its exit code,
or "hung", to PATH `status`."""
import os
import signal
import time

import numpy as np


def wait_for(pid):
    deadline = time.monotonic() + 3
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        time.sleep(0.01)
    os.kill(pid, 9)
    os.waitpid(pid, 0)
    return "hung"


def generate(ctx):
    p = ctx.params
    child, fork_at = p.get("child", "exit"), int(p.get("fork_at", 2))
    for k in range(int(p.get("count", 6))):
        if k == fork_at:
            pid = os.fork()
            if pid == 0:
                if child == "exit":
                    os._exit(7)
                if child == "raise":
                    raise RuntimeError("raised in the forked child")
                if child == "linger":
                    time.sleep(2)
                    os._exit(0)
            else:
                if child == "linger":
                    os.kill(pid, signal.SIGTERM)
                with open(p["status"], "w") as f:
                    f.write(str(wait_for(pid)))
        yield np.full(4, float(k))

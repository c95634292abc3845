"""A persistent backend process fed through a pipe: per array, its length and
its bytes go down the backend's stdin, the double sum comes back on stdout."""

import fcntl
import struct
import subprocess

from generation import arrays

HEADER = struct.Struct("<q")
RESULT = struct.Struct("<d")


def start(paths):
    backend = subprocess.Popen([str(paths.backend), "pipe", "--table-mb", str(paths.table_mb)],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:  # the largest pipe buffer the system allows: fewer switches per array
        fcntl.fcntl(backend.stdin.fileno(), fcntl.F_SETPIPE_SZ, 1 << 20)
    except OSError:
        pass
    if backend.stdout.read(1) != b"r":
        raise RuntimeError("bench_backend pipe did not start")
    return backend


def run(plan, paths):
    backend = start(paths)
    send, flush, receive = backend.stdin.write, backend.stdin.flush, backend.stdout.read
    times, last = [], None
    try:
        for x in arrays(plan, times):
            send(HEADER.pack(x.size))
            send(x)
            flush()
            last = RESULT.unpack(receive(8))[0]
    finally:
        backend.stdin.close()
        backend.wait()
    return times, last

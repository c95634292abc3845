"""Runs one child process: its exit code, output, and its own peak RSS."""

import os
import subprocess
import tempfile
import threading
from dataclasses import dataclass


@dataclass
class Finished:
    command: list
    returncode: int
    stdout: str
    stderr: str
    peak_rss_kb: int

    def check(self):
        if self.returncode != 0:
            raise RuntimeError(f"{' '.join(self.command)} exited with {self.returncode}:\n{self.stderr[-3000:]}")
        return self


def run(command, timeout=300, env=None):
    command = [str(part) for part in command]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        process = subprocess.Popen(command, stdout=out, stderr=err, env=env)
        timer = threading.Timer(timeout, process.kill)
        timer.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)  # wait4: this child's own rusage
        finally:
            timer.cancel()
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Finished(command, process.returncode, out.read().decode(errors="replace"),
                        err.read().decode(errors="replace"), usage.ru_maxrss)

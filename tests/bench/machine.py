"""What the benchmark ran on: CPU, cores, load, date and versions."""

import datetime
import os
import platform
import subprocess

import numpy


def cpu_model():
    with open("/proc/cpuinfo") as info:
        for line in info:
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def describe(arrayfeed):
    version = subprocess.run([str(arrayfeed), "--version"], capture_output=True, text=True).stdout.strip()
    return {"cpu": cpu_model(), "cores": os.cpu_count(), "load_average": os.getloadavg()[0],
            "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            "kernel": platform.release(), "python": platform.python_version(), "numpy": numpy.__version__,
            "arrayfeed": version}


def has_prefetch(arrayfeed):
    """Whether this build's `arrayfeed run` takes --prefetch."""
    shown = subprocess.run([str(arrayfeed), "run", "--help"], capture_output=True, text=True).stdout
    return "--prefetch" in shown

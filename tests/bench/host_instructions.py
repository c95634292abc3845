"""The host's own work per array, in CPU instructions counted by callgrind:
arrayfeed (`run --kernel nop`) against the floor of any embedding host
(host_floor/floor_loop.c), both feeding the same 1-element float64 array from
instructions_feed.py. Each is run at N and 3N arrays; the difference over 2N
is the cost per array, with start-up and teardown cancelled out. Instruction
counts repeat from run to run on a busy machine, where times do not.

    /usr/bin/python3 tests/bench/host_instructions.py [--build build] [--arrays N]
                                                      [--check] [--json PATH]

--check exits 1 when arrayfeed's cost is more than TARGET instructions per
array above the floor's.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
FEED = HERE / "instructions_feed.py"
TARGET = 300  # instructions per array above the floor (issue 9)


def parse(argv):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build", type=Path, default=HERE.parents[1] / "build", help="the CMake build folder")
    parser.add_argument("--arrays", type=int, default=20000, help="N: each host runs N and 3N arrays")
    parser.add_argument("--check", action="store_true", help=f"exit 1 above {TARGET} instructions over the floor")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    return parser.parse_args(argv)


def hosts(build):
    """Each host's command for n arrays."""
    arrayfeed = build / "arrayfeed"
    floor = build / "tests" / "bench" / "host_floor" / "floor_loop"
    return {
        "floor": lambda n: [str(floor), str(FEED), str(n)],
        "arrayfeed": lambda n: [str(arrayfeed), "run", str(FEED), "--kernel", "nop", "--set", f"n={n}", "--quiet"],
    }


def instructions(command, workdir):
    """Instructions the whole command executed under callgrind."""
    out = Path(workdir) / "callgrind.out"
    # A fixed hash seed: Python's dict layouts, and so its instruction counts, repeat.
    env = dict(os.environ, PYTHONHASHSEED="0")
    subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", *command],
                   check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    totals = re.search(r"^(?:summary|totals):\s*(\d+)", out.read_text(), re.MULTILINE)
    if not totals:
        raise RuntimeError(f"no instruction total in callgrind's output for {command[0]}")
    return int(totals.group(1))


def per_array(command_for, arrays, workdir):
    small = instructions(command_for(arrays), workdir)
    large = instructions(command_for(3 * arrays), workdir)
    return (large - small) / (2 * arrays)


def measure(build, arrays):
    with tempfile.TemporaryDirectory() as workdir:
        figures = {name: per_array(command_for, arrays, workdir) for name, command_for in hosts(build).items()}
    figures["above_floor"] = figures["arrayfeed"] - figures["floor"]
    return figures


def missing(build):
    need = [path for path in (build / "arrayfeed", build / "tests/bench/host_floor/floor_loop") if not path.exists()]
    problems = [f"{path} is not built (make build)" for path in need]
    if shutil.which("valgrind") is None:
        problems.append("valgrind is not installed (apt-get install valgrind; make bench does)")
    return problems


def report(figures, arrays):
    verdict = "PASS" if figures["above_floor"] <= TARGET else "FAIL"
    return "\n".join([
        f"instructions per array (callgrind, 1-element float64, nop kernel, {arrays} and {3 * arrays} arrays):",
        f"  floor loop   {figures['floor']:8.0f}",
        f"  arrayfeed    {figures['arrayfeed']:8.0f}",
        f"  above floor  {figures['above_floor']:8.0f}   target <= {TARGET}: {verdict}",
    ])


def main(argv=None):
    args = parse(argv)
    problems = missing(args.build)
    if problems:
        print("host_instructions: " + "; ".join(problems), file=sys.stderr)
        return 2
    figures = measure(args.build, args.arrays)
    print(report(figures, args.arrays))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"arrays": args.arrays, "target": TARGET, **figures}, indent=1) + "\n")
    return 1 if args.check and figures["above_floor"] > TARGET else 0


if __name__ == "__main__":
    sys.exit(main())

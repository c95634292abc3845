"""Runs one approach of approaches/ in this process and prints its window
times and last sum as JSON: python3 measure.py APPROACH PLAN_JSON PATHS_JSON.
The driver starts one such process per measurement, as it starts arrayfeed."""

import importlib
import json
import sys

from generation import Plan
from paths import Paths


def main(approach, plan_json, paths_json):
    module = importlib.import_module(f"approaches.{approach}")
    plan = Plan(**json.loads(plan_json))
    times, last = module.run(plan, Paths.from_json(paths_json))
    json.dump({"times_ns": times, "last": last}, sys.stdout)


if __name__ == "__main__":
    main(*sys.argv[1:])

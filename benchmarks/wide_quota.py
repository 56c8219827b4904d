"""Whole-process time of ``composer solve`` on one quota that lists thousands of values.

One nominee per value of a ``tag`` column, a quota of at most one per tag for every value,
a roster of 40: trivially feasible, so the time is reading, binding, prechecks, building and
printing.

    uv run python benchmarks/wide_quota.py [--values 10000] [--runs 3] [--python PATH]

``--python`` times another environment's interpreter (an older checkout's) side by side.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def write_instance(folder: Path, values: int) -> Path:
    """The pool and scenario of ``values`` tags; returns the scenario path."""
    rnd = random.Random(1)
    lines = ["id,name,country,stakeholder_group,score,tag"]
    lines += [f"p{i},N{i},KEN,government,{rnd.randint(0, 100)},t{i}" for i in range(values)]
    (folder / "pool.csv").write_text("\n".join(lines) + "\n")
    table = ", ".join(f'"t{i}" = 1' for i in range(values))
    scenario = folder / "wide.toml"
    scenario.write_text(
        'name = "wide quota"\nnominations = "pool.csv"\n[size]\nmin = 40\nmax = 40\n'
        f'[objective]\nmaximise = "score"\n[[quota]]\ncolumn = "tag"\nmax = {{ {table} }}\n'
    )
    return scenario


def seconds(python: str, scenario: Path) -> float:
    """Wall-clock seconds of one ``composer solve`` (exit 0 required)."""
    started = time.perf_counter()
    subprocess.run(
        [python, "-m", "composer", "solve", str(scenario), "--time-limit", "600"],
        check=True,
        capture_output=True,
        cwd=scenario.parent,  # not the checkout: ``python -m`` would import from it
    )
    return time.perf_counter() - started


def main() -> None:
    """Print the median seconds here (and with ``--python``) and their ratio."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--values", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--python", default=None)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        scenario = write_instance(Path(folder), options.values)
        here, there = [], []
        for _ in range(options.runs):  # alternate, so both see the same machine load
            here.append(seconds(sys.executable, scenario))
            if options.python:
                there.append(seconds(options.python, scenario))
    line = f"{options.values} values: {statistics.median(here):.2f} s"
    if there:
        other = statistics.median(there)
        line += f" (other: {other:.2f} s, ratio {statistics.median(here) / other:.3f})"
    print(line)


if __name__ == "__main__":
    main()

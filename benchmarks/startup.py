"""Whole-process start-up time of the ``composer`` command: ``composer --help`` and
``composer schema``, median of repeated runs.

    uv run python benchmarks/startup.py [--runs 11] [--python PATH]

``--python`` times another environment's interpreter (e.g. an older checkout's) side by side.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from tempfile import gettempdir

COMMANDS = (["--help"], ["schema"])


def seconds(python: str, args: list[str], runs: int) -> float:
    """Median wall-clock seconds of ``python -m composer ARGS``."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(
            [python, "-m", "composer", *args], check=True, capture_output=True, cwd=gettempdir()
        )
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    """Print one line per command: median seconds here (and in ``--python``), and the ratio."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--python", default=None)
    options = parser.parse_args()
    for args in COMMANDS:
        here = seconds(sys.executable, args, options.runs)
        line = f"composer {' '.join(args)}: {here:.3f} s"
        if options.python:
            there = seconds(options.python, args, options.runs)
            line += f"; other {there:.3f} s; ratio {here / there:.2f}"
        print(line)


if __name__ == "__main__":
    main()

"""Solve time of the WGIG rules with and without the newer rule keys, side by side.

Cases, on ``synthetic_pool(n, seed=1)`` with two extra columns (``age``, ``honoraria``):

- ``wgig``: the WGIG rule set of ``benchmarks/instances.py`` (40 seats);
- ``keys``: the same plus a ``where`` on ages, a quota over a union of values, a second
  budget, at least 25 different countries and equal counts for three stakeholder groups.

Each solve runs in a fresh interpreter that imports composer from ``--source`` (a checkout's
folder; default this one), and only ``composer.solve`` is timed.  ``--other DIR`` times another
checkout the same way, alternating run by run so both see the same machine load.

    uv run python benchmarks/rule_keys.py [--n 2600] [--runs 5] [--other /path/to/checkout]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

CHILD = """
import json, sys, time
import composer
from composer.inputs.examples import synthetic_pool
import numpy as np
n, case = int(sys.argv[1]), sys.argv[2]
scenario = composer.load_scenario(json.loads(sys.argv[3]))
table = synthetic_pool(n, 1)
rng = np.random.default_rng(7)
table["age"] = rng.integers(25, 75, len(table))
table["honoraria"] = rng.integers(0, 5, len(table)) * 500
pool = composer.load_nominations(table)
started = time.perf_counter()
result = composer.solve(pool, scenario, composer.SolveOptions(workers=1, time_limit=600))
seconds = time.perf_counter() - started
print(json.dumps({"seconds": seconds, "status": result.status.value,
                  "score": result.objective.get("score"), "file": composer.__file__}))
"""


def scenarios() -> dict[str, dict[str, Any]]:
    """The two cases as scenario dicts."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from instances import wgig_rules

    wgig = wgig_rules(40)
    keys = json.loads(json.dumps(wgig))
    keys["name"] = "WGIG benchmark with the newer keys"
    keys["quota"] += [
        {"column": "gender", "where": {"age": {"lt": 40}}, "min": {"female": 3}},
        {"column": "stakeholder_group", "min": {"technical_academic|intergovernmental": 4}},
    ]
    keys["budget"] = [
        {"column": "travel_cost", "max": 10**9, "name": "travel"},
        {"column": "honoraria", "max": 40_000, "name": "honoraria"},
    ]
    keys["distinct"] = [{"column": "country", "min": 25}]
    keys["equal"] = [
        {"column": "stakeholder_group", "values": ["private_sector", "civil_society"], "spread": 2}
    ]
    return {"wgig": wgig, "keys": keys}


def run(source: Path, n: int, case: str, scenario: dict[str, Any]) -> dict[str, Any]:
    """One solve in a fresh interpreter importing composer from ``source``."""
    env = {**os.environ, "PYTHONPATH": str(source)}
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(n), case, json.dumps(scenario)],
        check=True,
        capture_output=True,
        text=True,
        env=env,
        cwd=tempfile.gettempdir(),
    )
    found: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    if not found["file"].startswith(str(source)):
        raise SystemExit(f"composer was imported from {found['file']}, not {source}")
    return found


def main() -> None:
    """Print the median seconds per case (and for ``--other``) and their ratio."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=2600)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--other", type=Path, default=None)
    parser.add_argument("--cases", default="wgig,keys")
    options = parser.parse_args()
    cases = scenarios()
    for case in options.cases.split(","):
        here: list[float] = []
        there: list[float] = []
        for _ in range(options.runs):  # alternate, so both see the same machine load
            mine = run(ROOT, options.n, case, cases[case])
            here.append(mine["seconds"])
            if options.other is not None:
                theirs = run(options.other, options.n, case, cases[case])
                there.append(theirs["seconds"])
                if (mine["status"], mine["score"]) != (theirs["status"], theirs["score"]):
                    print(f"WARNING: {case}: {mine} differs from {theirs}")
        median = statistics.median(here)
        line = f"{case}, {options.n} nominations: {median:.2f} s ({mine['status']})"
        line += f", runs {', '.join(f'{t:.2f}' for t in here)}"
        if there:
            other = statistics.median(there)
            line += f"; other {other:.2f} s, ratio {statistics.median(here) / other:.3f}"
            line += f", runs {', '.join(f'{t:.2f}' for t in there)}"
        print(line, flush=True)


if __name__ == "__main__":
    main()

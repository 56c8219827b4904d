"""Solve time with the person column, together / apart groups and the size objective.

The bundled UN Scientific Panel on AI scenario (2,600 synthetic applications, 40 seats) is
solved as bundled and with the new keys, side by side: the variants run in turn, repeat after
repeat, so a busy machine slows them alike.  One tenth of the applicants also apply under a
second citizenship (a second row, same ``person_id``, another country):

- ``bundled``: the scenario as shipped (2,600 rows; its co-chair role is filled later);
- ``no role``: the bundled scenario without its co-chair role;
- ``2,860 rows``: the dual-citizenship rows added, no person rule (a person may take two seats);
- ``person``: the same rows with ``[person] column = "person_id"``;
- ``person + groups``: also 20 ``apart`` pairs and 10 ``together`` pairs among the applicants;
- ``person + role``: the person rule, and the two co-chair quotas written as a role instead
  (``[[role]]`` of 2 seats, one developed, one developing);
- ``person + roles``: also 1 to 3 vice-chairs, at least half of them women, no two from one
  regional group (``min_seats`` / ``max_seats``, ``min_share``, ``[[role.cap]]``);
- ``smallest``: the bundled scenario with ``[objective] size = "smallest"`` and ``size.min = 30``.

    uv run python benchmarks/keys.py [--repeats 5] [--output docs/benchmarks-keys.md]
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pandas as pd

if __package__ in (None, ""):  # run as a script: make `benchmarks` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import composer
from composer import Pool, SolveOptions, load_nominations, load_scenario

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = ROOT / "scenarios" / "un-ai-panel-2025.toml"
POOL = ROOT / "scenarios" / "un-ai-panel-2025-applications.csv"
OTHER_COUNTRIES = ("FRA", "CAN", "BRA", "IND", "KEN", "JPN", "POL", "MEX", "NGA", "DEU")


def dual_rows(table: pd.DataFrame, share: float = 0.1, seed: int = 7) -> pd.DataFrame:
    """The table with a person_id column and a second row for ``share`` of the applicants."""
    rnd = random.Random(seed)
    table = table.copy()
    table["person_id"] = table["id"]
    picked = table.sample(frac=share, random_state=seed)
    second = picked.copy()
    second["id"] = [f"{i}-2" for i in picked["id"]]
    second["country"] = [
        rnd.choice([c for c in OTHER_COUNTRIES if c != country]) for country in picked["country"]
    ]
    return pd.concat([table, second], ignore_index=True)


def groups(ids: list[str], seed: int = 11) -> dict[str, list[dict[str, list[str]]]]:
    """20 apart pairs and 10 together pairs of distinct applicants."""
    rnd = random.Random(seed)
    chosen = rnd.sample(ids, 60)
    apart = [{"ids": chosen[2 * k : 2 * k + 2]} for k in range(20)]
    together = [{"ids": chosen[40 + 2 * k : 42 + 2 * k]} for k in range(10)]
    return {"apart": apart, "together": together}


def variants() -> dict[str, tuple[Pool, Any]]:
    """Each variant's pool and scenario."""
    base = load_scenario(SCENARIO)
    data = base.model_dump(mode="json", exclude_defaults=True)
    data.pop("nominations", None)
    table = pd.read_csv(POOL, dtype=str, keep_default_na=False)
    bundled = load_nominations(table)
    wide = load_nominations(dual_rows(table))
    person = {**data, "person": {"column": "person_id"}}
    grouped = {**person, **groups(list(table["id"]))}
    # the panel elects its two co-chairs from among its members: any member may hold the role
    co_chair = {
        "name": "co-chair",
        "seats": 2,
        "quota": [{"column": "developing", "min": {"yes": 1, "no": 1}}],
    }
    roles = {**person, "role": [co_chair]}
    vice_chairs = {
        "name": "vice-chair",
        "min_seats": 1,
        "max_seats": 3,
        "quota": [{"column": "gender", "min_share": {"female": "1/2"}}],
        "cap": [{"column": "region", "max_each": 1}],
    }
    more_roles = {**person, "role": [co_chair, vice_chairs]}
    no_role = {k: v for k, v in data.items() if k != "role"}
    smallest = {
        **data,
        "size": {"min": 30, "max": 40},
        "objective": {**data.get("objective", {}), "size": "smallest"},
    }
    return {
        "bundled": (bundled, data),
        "no role": (bundled, no_role),
        "2,860 rows": (wide, data),
        "person": (wide, person),
        "person + groups": (wide, grouped),
        "person + role": (wide, roles),
        "person + roles": (wide, more_roles),
        "smallest": (bundled, smallest),
    }


def timed(run: Callable[[], Any]) -> tuple[float, Any]:
    """Seconds of one call, and its value."""
    started = time.perf_counter()
    value = run()
    return time.perf_counter() - started, value


def measure(repeats: int) -> dict[str, dict[str, Any]]:
    """Every variant ``repeats`` times, in turn; medians and the rosters' facts."""
    cases = variants()
    times: dict[str, list[float]] = {name: [] for name in cases}
    facts: dict[str, dict[str, Any]] = {}
    for _ in range(repeats):
        for name, (pool, scenario) in cases.items():
            seconds, result = timed(
                lambda p=pool, s=scenario: composer.solve(p, load_scenario(s), SolveOptions())
            )
            times[name].append(seconds)
            facts[name] = {
                "status": result.status.value,
                "size": result.size,
                "score": result.objective.get("score"),
                "checked": bool(result.report and result.report.ok),
                "rows": len(pool),
            }
    return {
        name: {**facts[name], "median": statistics.median(times[name]), "runs": times[name]}
        for name in cases
    }


def write_report(path: Path, data: dict[str, dict[str, Any]], repeats: int) -> None:
    """The markdown report."""
    base = data["bundled"]["median"]
    lines = [
        "# Benchmark: the new rule keys at 2,600 applications",
        "",
        "Written by `uv run python benchmarks/keys.py` (do not edit by hand). The UN Scientific",
        "Panel on AI scenario (40 seats, 2,600 synthetic applications) solved as bundled and with",
        "the person column, together / apart groups, a role (the two co-chairs) and the size",
        f"objective; the variants run in turn, {repeats} times each, and the table gives the",
        "median of the whole `solve` (bind, pre-checks, build, staged solve, independent check).",
        "One applicant in ten also has a second row under another citizenship (same",
        "`person_id`).",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores (shared with other work), "
        f"{platform.system()} {platform.release()}; Python {platform.python_version()}, "
        f"OR-Tools {version('ortools')}; one CP-SAT worker; "
        f"{datetime.now(UTC).isoformat(timespec='minutes')}.",
        "",
        "| variant | rows | status | members | score | checked | median (s) | vs bundled |",
        "|---|---:|---|---:|---:|---|---:|---:|",
    ]
    for name, row in data.items():
        lines.append(
            f"| {name} | {row['rows']:,} | {row['status']} | {row['size']} | {row['score']:g} | "
            f"{'yes' if row['checked'] else 'NO'} | {row['median']:.2f} | "
            f"{row['median'] / base:.2f}x |"
        )
    lines += [
        "",
        "Runs (seconds, in order): "
        + "; ".join(f"{n}: {', '.join(f'{t:.2f}' for t in r['runs'])}" for n, r in data.items()),
        "",
    ]
    path.write_text("\n".join(lines), encoding="utf-8")


def main() -> None:
    """Run the benchmark and write the report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "benchmarks-keys.md")
    args = parser.parse_args()
    data = measure(args.repeats)
    write_report(args.output, data, args.repeats)
    for name, row in data.items():
        print(f"{name:16} {row['median']:.2f} s  {row['status']}  {row['size']}  {row['score']}")


if __name__ == "__main__":
    main()

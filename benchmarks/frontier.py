"""Trade-off benchmarks: Pareto fronts and size sweeps, and the settings they run with.

Run from the repository root::

    uv run python benchmarks/frontier.py            # 5 repeats (3 on 1,000 nominations)
    uv run python benchmarks/frontier.py --quick    # 1 repeat, no 1,000-nomination instance

It times ``composer.frontier`` (20 points; size against score, and the developing-country
share against score) and ``composer.size_sweep`` (20 to 60 members) on the bundled WGIG pool,
and a developing-share front on 1,000 nominations with a travel budget that binds.  Each
setting is timed in turn within every repeat (so drift in the machine's load hits all of them
alike); the medians and the ratios to the baseline measured in the same run are written to
``docs/benchmarks-tradeoffs.md``.  Every setting must give the same points and rosters.
"""

from __future__ import annotations

import argparse
import importlib
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make `benchmarks` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.instances import ROOT, instance, wgig_rules
from composer import Pool, Scenario, SolveOptions, load_nominations, load_scenario, solve
from composer.analysis.frontier import frontier
from composer.analysis.sweep import size_sweep
from composer.engine.progress import run_tasks, start_method
from composer.inputs.examples import bundled_scenario

FRONT = importlib.import_module("composer.analysis.frontier")
OUTPUT = ROOT / "docs" / "benchmarks-tradeoffs.md"


@dataclass(frozen=True)
class Setting:
    """How a front or sweep is run."""

    label: str
    processes: int | None  # None: composer chooses
    hints: bool = True
    loose_first: bool = True


FRONT_SETTINGS = (
    Setting("one process, loosest bound first, no hints (baseline)", 1, hints=False),
    Setting("one process, loosest bound first, hints", 1),
    Setting("one process, tightest bound first, no hints", 1, hints=False, loose_first=False),
    Setting("one process, tightest bound first, hints", 1, loose_first=False),
    Setting("2 processes (loosest bound first in each chunk, no hints)", 2, hints=False),
    Setting("default (processes chosen by composer)", None, hints=False),
)
SWEEP_SETTINGS = (
    Setting("one process (baseline)", 1),
    Setting("2 processes", 2),
    Setting("default (processes chosen by composer)", None),
)


@dataclass
class Case:
    """One benchmark: a workload timed under several settings."""

    title: str
    target: float | None  # seconds the default setting must stay under (None: no target)
    run: Callable[[Setting], Any]
    settings: tuple[Setting, ...]
    short: str = ""  # the case in a few words, for the summary table
    times: dict[str, list[float]] = field(default_factory=dict)
    outcome: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def _front_case(title: str, pool: Pool, scenario: Scenario, x: str, y: str,
                options: SolveOptions, target: float | None, short: str) -> Case:
    def run(setting: Setting) -> Any:
        FRONT.LOOSE_FIRST = setting.loose_first
        try:
            return frontier(pool, scenario, x, y, 20, options, progress=False,
                            processes=setting.processes, hints=setting.hints)
        finally:
            FRONT.LOOSE_FIRST = True

    return Case(title, target, run, FRONT_SETTINGS, short)


def _sweep_case(title: str, pool: Pool, scenario: Scenario, target: float) -> Case:
    def run(setting: Setting) -> Any:
        return size_sweep(pool, scenario, range(20, 61), progress=False,
                          processes=setting.processes)

    return Case(title, target, run, SWEEP_SETTINGS, "size sweep, 300 nominations")


def _fingerprint(found: Any) -> list[Any]:
    """What every setting must agree on: the points (or sizes) and their rosters."""
    if hasattr(found, "complete"):
        return [(str(p.x), str(p.y), p.status.value, tuple(p.selected)) for p in found.points]
    return [(p.size, p.status.value, tuple(p.result.selected)) for p in found.points]


def _facts(found: Any) -> dict[str, Any]:
    if hasattr(found, "complete"):
        statuses = sorted({p.status.value for p in found.points})
        return {"points": len(found.points), "solves": found.stats.get("solves"),
                "processes": found.stats.get("processes", 1), "statuses": statuses,
                "complete": found.complete, "skipped": len(found.skipped)}
    return {"sizes": len(found.points), "smallest feasible": found.smallest_feasible,
            "processes": found.stats.get("processes", 1)}


def measure(case: Case, repeats: int) -> None:
    """Time every setting of ``case`` ``repeats`` times, interleaved, after one warm-up."""
    case.run(case.settings[0])
    reference: list[Any] | None = None
    for _ in range(repeats):
        for setting in case.settings:
            started = time.perf_counter()
            found = case.run(setting)
            case.times.setdefault(setting.label, []).append(time.perf_counter() - started)
            case.outcome[setting.label] = _facts(found)
            fingerprint = _fingerprint(found)
            if reference is None:
                reference = fingerprint
            elif fingerprint != reference:
                case.warnings.append(f"'{setting.label}' gave other points or rosters")
    case.warnings = list(dict.fromkeys(case.warnings))
    print(f"{case.title}: " + ", ".join(
        f"{label} {statistics.median(t):.2f} s" for label, t in case.times.items()), flush=True)


def _unit(shared: int, task: int, previous: int | None) -> int:
    return shared + task


def process_startup(repeats: int) -> float:
    """Median seconds to start 2 worker processes and run 4 trivial tasks on them."""
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        run_tasks(_unit, 0, [1, 2, 3, 4], processes=2)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


# ---------------------------------------------------------------------------- instances


def hard_instance() -> tuple[Pool, Scenario, int]:
    """1,000 nominations, 40 seats, and a travel budget of 80% of the unconstrained roster's."""
    pool, scenario = instance(1000, 40, seed=1)
    free = solve(pool, scenario)
    cost = int(pool.table.loc[free.selected, "travel_cost"].sum() * 0.8)
    rules = wgig_rules(40)
    rules["name"] = "WGIG benchmark, 40 seats, travel budget"
    rules["budget"] = {"column": "travel_cost", "max": cost}
    return pool, load_scenario(rules), cost


def cases(args: argparse.Namespace) -> list[Case]:
    """The benchmark cases."""
    scenario = load_scenario(bundled_scenario())
    path = scenario.nominations_path()
    assert path is not None
    pool = load_nominations(path)
    options = SolveOptions(time_limit=args.time_limit)
    found = [
        _front_case("Front: size against score, 20 points, bundled WGIG pool (300)",
                    pool, scenario, "size", "score", options, 3.0, "size / score, 300"),
        _front_case("Front: developing-country share against score, 20 points, bundled WGIG "
                    "pool (300)", pool, scenario, "share:developing=yes", "score", options, 3.0,
                    "developing share / score, 300"),
        _sweep_case("Size sweep: 20 to 60 members, bundled WGIG pool (300)", pool, scenario, 5.0),
    ]
    if not args.quick:
        big, rules, cost = hard_instance()
        found.append(_front_case(
            f"Front: developing-country share against score, 20 points, 1,000 nominations, "
            f"travel budget {cost:,} (80% of the unconstrained roster's), time limit "
            f"{args.hard_time_limit:g} s per point", big, rules, "share:developing=yes",
            "score", SolveOptions(time_limit=args.hard_time_limit), None,
            "developing share / score, 1,000 with budget"))
    return found


# ---------------------------------------------------------------------------- report


def _load() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def machine(load_at_start: str) -> list[tuple[str, str]]:
    """Facts about the machine and the software."""
    cpu = "unknown"
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in
                   Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name"))
    except (OSError, StopIteration):
        cpu = platform.processor() or "unknown"
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return [
        ("CPU", cpu),
        ("cores usable", str(usable)),
        ("OS", platform.platform()),
        ("Python", platform.python_version()),
        ("composer / ortools", f"{version('composer')} / {version('ortools')}"),
        ("worker processes start by", start_method()),
        ("load average (1/5/15 min)", f"{load_at_start} at start, {_load()} at end (the "
         "machine is shared: other work skews absolute times; the ratios within one run are "
         "steadier)"),
        ("date", datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")),
    ]


def _choices(found: list[Case]) -> list[str]:
    """The settings compared, as ratios measured in this run (the defaults follow them)."""
    def ratio(case: Case, a: int, b: int) -> str:
        labels = [setting.label for setting in case.settings]
        first = statistics.median(case.times[labels[a]])
        return f"{first / statistics.median(case.times[labels[b]]):.2f}"

    fronts = [c for c in found if c.settings is FRONT_SETTINGS]
    sweeps = [c for c in found if c.settings is SWEEP_SETTINGS]
    lines = [
        "## Settings compared", "",
        "Ratios of medians from this run (below 1: the first setting is faster).", "",
        "| case | tightest first / loosest first | hints / no hints | 2 processes / 1 |",
        "|---|---:|---:|---:|",
    ]
    lines += [f"| {c.short} | {ratio(c, 2, 0)} | {ratio(c, 1, 0)} | {ratio(c, 4, 0)} |"
              for c in fronts]
    lines += [f"| {c.short} | | | {ratio(c, 1, 0)} |" for c in sweeps]
    lines += [
        "",
        "Defaults, from these measurements: bounds from the loosest to the tightest (a point "
        "that keeps the next bound answers it without a solve: fewer solves for shares, which "
        "move in steps of a member); no hints from the previous point (no steady gain); "
        "processes only when at least two cores are idle and the work left repays starting "
        "them (`engine.progress.choose_processes`; the `default` rows show what it chose at "
        "the load of the moment).", "",
    ]
    return lines


def render(found: list[Case], startup: float, repeats: int, load: str, command: str) -> str:
    """The markdown report."""
    lines = [
        "# Benchmarks: trade-offs",
        "",
        "Pareto fronts and size sweeps (`composer.frontier`, `composer.size_sweep`). Generated by "
        "`benchmarks/frontier.py`: do not edit by hand, re-run the script.",
        "",
        "```", command, "```", "",
        f"Median of {repeats} repeat(s) (3 at most on 1,000 nominations), wall-clock seconds, "
        "after one untimed warm-up. Within each repeat every setting runs once, in turn. "
        "Ratios are to the baseline (first row) of the same case, measured in the same run.",
        "",
        "## Machine", "", "| | |", "|---|---|",
        *[f"| {k} | {v} |" for k, v in machine(load)],
        "",
    ]
    for case in found:
        base = statistics.median(next(iter(case.times.values())))
        lines += [f"## {case.title}", "",
                  "| setting | median (s) | ratio to baseline | all runs (s) | outcome |",
                  "|---|---:|---:|---|---|"]
        for label, times in case.times.items():
            median = statistics.median(times)
            runs = ", ".join(f"{t:.2f}" for t in times)
            facts = "; ".join(f"{k} {v}" for k, v in case.outcome[label].items())
            lines.append(f"| {label} | {median:.2f} | {median / base:.2f} | {runs} | {facts} |")
        default = statistics.median(case.times[case.settings[-1].label])
        if case.target is not None:
            verdict = "met" if default < case.target else "NOT MET"
            lines += ["", f"Target: under {case.target:g} s with the default settings: "
                      f"{verdict} ({default:.2f} s)."]
        agree = ("Every setting gave the same points and rosters." if not case.warnings
                 else "WARNING: " + "; ".join(case.warnings))
        lines += ["", agree, ""]
    lines += _choices(found)
    lines += [
        "## Starting worker processes", "",
        f"Starting 2 worker processes and running 4 trivial tasks on them: {startup:.2f} s "
        "(median). composer starts processes only when at least two cores are idle and the "
        "two ends of a front (or the first size of a sweep) took long enough that the other "
        "solves, spread over the cores, would save clearly more than this "
        "(`composer.engine.progress.choose_processes`).",
        "",
    ]
    return "\n".join(lines)


def parse(argv: list[str] | None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1 repeat, no 1,000 nominations")
    parser.add_argument("--repeats", type=int, default=None, help="repeats (default 5)")
    parser.add_argument("--hard-repeats", type=int, default=3,
                        help="repeats on 1,000 nominations (default 3)")
    parser.add_argument("--time-limit", type=float, default=60.0, help="seconds per point")
    parser.add_argument("--hard-time-limit", type=float, default=10.0,
                        help="seconds per point on 1,000 nominations (default 10)")
    parser.add_argument("--output", type=Path, default=OUTPUT, help="the markdown report")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run every case and write the report; 1 if a setting disagreed or a target was missed."""
    args = parse(argv)
    repeats = args.repeats or (1 if args.quick else 5)
    load = _load()
    found = cases(args)
    for case in found:
        hard = case.target is None
        measure(case, min(repeats, args.hard_repeats) if hard else repeats)
    startup = process_startup(repeats)
    command = "uv run python benchmarks/frontier.py " + " ".join(argv or sys.argv[1:])
    args.output.write_text(render(found, startup, repeats, load, command.strip()) + "\n",
                           encoding="utf-8")
    print(f"Wrote {args.output}")
    missed = [c for c in found if c.target is not None
              and statistics.median(c.times[c.settings[-1].label]) >= c.target]
    return 1 if missed or any(c.warnings for c in found) else 0


if __name__ == "__main__":
    sys.exit(main())

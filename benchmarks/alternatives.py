"""Time alternatives, reserve lists, withdrawals and the 2,600-application AI panel.

Run from the repository root::

    uv run python benchmarks/alternatives.py             # 5 repeats (about a minute)
    uv run python benchmarks/alternatives.py --repeats 1 # a quick look

Each measurement is the median of the repeats, wall-clock, one CP-SAT worker, on already
loaded pools (loading the 2,600-row CSV is timed separately).  Because the machine may be
shared, each target is also given as a ratio to a plain solve of the same instance measured in
the same repeat.  Writes ``docs/benchmarks-alternatives.md``.
"""

from __future__ import annotations

import argparse
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

from benchmarks.instances import ROOT, instance
from composer import Pool, Scenario, SolveOptions, load_nominations, load_scenario, solve
from composer.analysis.alternatives import alternatives, differs_by
from composer.analysis.replace import replace
from composer.analysis.reserves import reserves

SCENARIOS = ROOT / "scenarios"
OPTIONS = SolveOptions(time_limit=120, workers=1)


@dataclass
class Measure:
    """Seconds of every repeat of one task, and what its last run produced."""

    label: str
    target: float | None
    seconds: list[float] = field(default_factory=list)
    baseline: list[float] = field(default_factory=list)  # the plain solve, same repeat
    note: str = ""

    @property
    def median(self) -> float:
        """Median seconds over the repeats."""
        return statistics.median(self.seconds)

    @property
    def ratio(self) -> float:
        """Median of (task seconds / plain-solve seconds) over the repeats."""
        return statistics.median(s / b for s, b in zip(self.seconds, self.baseline, strict=True))


def _load(name: str) -> tuple[Pool, Scenario]:
    scenario = load_scenario(SCENARIOS / name)
    path = scenario.nominations_path()
    assert path is not None
    return load_nominations(path), scenario


def _clock(task: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple[float, Any]:
    started = time.perf_counter()
    value = task(*args, **kwargs)
    return time.perf_counter() - started, value


def run(repeats: int) -> list[Measure]:
    """Every measurement, ``repeats`` times each."""
    wgig_pool, wgig = _load("wgig-2004.toml")
    panel_pool, panel = _load("un-ai-panel-2025.toml")
    big_pool, big = instance(1000, 40, seed=1)
    five = Measure("5 alternatives, WGIG pool (300; min_difference 3, within 2%)", 3.0)
    table = Measure("full reserve list, WGIG roster (40 members x 260 nominees)", 5.0)
    withdraw = Measure("one withdrawal re-solved, WGIG roster", None)
    ai_solve = Measure("AI panel, 2,600 applications: solve to optimality", 5.0)
    ai_load = Measure("AI panel: read the 2,600-row CSV and solve", None)
    exclude = Measure("10 rosters, 1,000 nominations, each differing by >= 1 (a swap)", None)
    tenth = Measure("10 rosters, 1,000 nominations, differing by >= 4 (10%), within 1%", None)
    for _ in range(repeats):
        base, best = _clock(solve, wgig_pool, wgig, OPTIONS)
        assert best.status.value == "optimal"
        seconds, found = _clock(alternatives, wgig_pool, wgig, 5, 3, 0.02, OPTIONS)
        five.seconds.append(seconds)
        five.baseline.append(base)
        scores = ", ".join(f"{r.objective['score']:g}" for r in found.rosters)
        five.note = f"{len(found.rosters)} rosters, scores {scores}; core {len(found.core())}"
        seconds, listed = _clock(reserves, best, per_member=3)
        table.seconds.append(seconds)
        table.baseline.append(base)
        table.note = (
            f"{listed.valid_swaps} valid swaps of {listed.stats['swaps_screened']}; "
            f"{listed.stats['swaps_checked']} re-checked; "
            f"{len(listed.ranking)} nominees on the reserve list"
        )
        seconds, change = _clock(replace, best, [best.selected[0]], options=OPTIONS)
        withdraw.seconds.append(seconds)
        withdraw.baseline.append(base)
        withdraw.note = (
            f"kept {len(change.kept)}, displaced {len(change.displaced)}, "
            f"{len(change.newcomers)} newcomer(s)"
        )
        seconds, result = _clock(solve, panel_pool, panel, OPTIONS)
        assert result.status.value == "optimal"
        ai_solve.seconds.append(seconds)
        ai_solve.baseline.append(seconds)
        ai_solve.note = (
            f"optimal, score {result.objective['score']:g}, "
            f"{result.stats.get('nominees_in_model')} nominees in the model"
        )
        path = panel.nominations_path()
        seconds, _ = _clock(lambda p=path: solve(load_nominations(p), panel, OPTIONS))
        ai_load.seconds.append(seconds)
        ai_load.baseline.append(ai_solve.seconds[-1])
        big_base, big_best = _clock(solve, big_pool, big, OPTIONS)
        for measure, d, within in ((exclude, 1, 1.0), (tenth, 4, 0.01)):
            seconds, found = _clock(alternatives, big_pool, big, 10, d, within, OPTIONS)
            measure.seconds.append(seconds)
            measure.baseline.append(big_base)
            gaps = [differs_by(r.selected, big_best.selected) for r in found.rosters[1:]]
            measure.note = (
                f"{len(found.rosters)} rosters; differ from the best by "
                f"{min(gaps, default=0)}-{max(gaps, default=0)} members; scores "
                f"{found.rosters[-1].objective['score']:g}-"
                f"{found.rosters[0].objective['score']:g}"
            )
    return [five, table, withdraw, ai_solve, ai_load, exclude, tenth]


def _machine() -> str:
    cpu = "unknown CPU"
    info = Path("/proc/cpuinfo")
    if info.exists():
        for line in info.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return (
        f"{cpu}, {os.cpu_count()} cores; Python {platform.python_version()}, "
        f"OR-Tools {version('ortools')}, composer {version('composer')}"
    )


def report(measures: list[Measure], repeats: int) -> str:
    """The markdown report."""
    lines = [
        "# Benchmarks: alternatives, reserves, withdrawals, the AI panel",
        "",
        "Written by `benchmarks/alternatives.py`; do not edit by hand. Re-run with "
        "`uv run python benchmarks/alternatives.py`.",
        "",
        f"- Machine: {_machine()}.",
        f"- Run: {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')}, median of {repeats} "
        "repeat(s), one CP-SAT worker, pools already loaded unless stated; load average "
        f"{os.getloadavg()[0]:.1f} at the end of the run.",
        "- The machine is shared and its load varies, so each time is also given as a ratio to "
        "a plain solve of the same instance measured in the same repeat (the 1,000-nomination "
        "rows: the WGIG rule set for 40 seats on `synthetic_pool(1000, seed=1)`).",
        "",
        "| task | target | median seconds | ratio to one solve | result |",
        "|---|---:|---:|---:|---|",
    ]
    for m in measures:
        target = f"< {m.target:g} s" if m.target else ""
        verdict = "" if m.target is None else (" (met)" if m.median < m.target else " (MISSED)")
        lines.append(
            f"| {m.label} | {target}{verdict} | {m.median:.3f} | {m.ratio:.1f} | {m.note} |"
        )
    lines += [
        "",
        "Notes:",
        "",
        "- The AI panel rows are compared with the AI panel solve itself (so its own ratio is 1).",
        "- Alternatives re-solve the scenario once per roster, without the dominance reduction "
        "(extra constraints could make it unsafe), so each costs about one plain solve.",
        "- The reserve list screens every one-for-one swap with exact integer arithmetic and "
        "re-checks each swap it lists with the independent checker (`composer.engine.check`).",
        "- A withdrawal is one re-solve with a lead objective (keep the most current members) "
        "plus, only when someone is displaced, a conflict search that names why.",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    """Run the benchmarks and write the report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "benchmarks-alternatives.md")
    args = parser.parse_args()
    measures = run(args.repeats)
    text = report(measures, args.repeats)
    args.output.write_text(text, encoding="utf-8")
    print(text)
    missed = [m.label for m in measures if m.target is not None and m.median >= m.target]
    sys.exit(1 if missed else 0)


if __name__ == "__main__":
    main()

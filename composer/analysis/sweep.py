"""Size sweep: the best roster at every size, the rules that bind, the smallest that works.

For each size ``n`` the scenario is solved with its size rule replaced by ``size == n`` (every
other rule as written), so each point is an ordinary, proven and re-checked solve.  The
smallest size at which every hard rule holds is the *smallest representative roster*; sizes
where the rules cannot hold carry the conflict that ``solve`` found (which rules block them).
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass, field, replace
from fractions import Fraction
from pathlib import Path
from typing import Any

import pandas as pd

from composer.engine.check import CheckReport, RuleCheck
from composer.engine.diagnosis import diagnose
from composer.engine.progress import choose_processes, progress_bar, run_tasks
from composer.engine.result import Result, Status
from composer.engine.solve import SolveOptions, solve
from composer.errors import EXIT_BAD_INPUT, FrontierError, Problem
from composer.inputs.nominations import NominationsLike, Pool, load_nominations
from composer.rules.bind import bind
from composer.rules.scenario import Bound, Scenario, ScenarioLike, SizeRule, load_scenario


def _binds(bound: Bound, rule: RuleCheck) -> bool:
    """Whether a kept rule is exactly at its bound (one seat less room would break it)."""
    if not rule.met:
        return False
    amount = bound.amount
    if bound.kind in ("min", "max", "min_each", "max_each", "spread"):  # spread: [[equal]]
        return bool(rule.achieved == amount)
    if bound.is_share:
        counted = rule.counted or 0
        target = Fraction(amount) * counted
        edge = math.ceil(target) if bound.kind == "min_share" else math.floor(target)
        return rule.achieved == edge
    if bound.kind == "budget":
        return Fraction(str(rule.achieved)) == Fraction(str(amount))
    return False


def binding_rules(scenario: Scenario, report: CheckReport) -> list[str]:
    """Names of the rules that hold with no room to spare (achieved == bound).

    Size and member rules are left out (a sweep fixes the size; fixed members always bind).
    """
    bounds = {b.name: b for b in scenario.bounds()}
    return [
        r.name
        for r in report.rules
        if r.family not in ("size", "members") and r.name in bounds and _binds(bounds[r.name], r)
    ]


@dataclass
class SweepPoint:
    """The best roster of one size (or why there is none)."""

    size: int
    status: Status
    score: float | None
    soft_shortfall: int | None
    binding: list[str]
    result: Result

    @property
    def ok(self) -> bool:
        """Whether every hard rule holds at this size."""
        return self.status in (Status.OPTIMAL, Status.FEASIBLE)


@dataclass
class SizeSweep:
    """Best roster per size, and the smallest size at which every hard rule holds."""

    points: list[SweepPoint]
    scenario: Scenario
    pool: Pool
    notes: list[str] = field(default_factory=list)
    stats: dict[str, Any] = field(default_factory=dict)

    @property
    def smallest_feasible(self) -> int | None:
        """The smallest size whose best roster keeps every hard rule (None if no size does)."""
        sizes = [p.size for p in self.points if p.ok]
        return min(sizes) if sizes else None

    @property
    def feasible_sizes(self) -> list[int]:
        """Sizes at which every hard rule holds."""
        return [p.size for p in self.points if p.ok]

    def point(self, size: int) -> SweepPoint:
        """The point of one size."""
        for point in self.points:
            if point.size == size:
                return point
        raise KeyError(f"size {size} was not swept")

    def frame(self) -> pd.DataFrame:
        """One row per size: status, score, soft shortfall, binding rules, conflict."""
        rows = [
            {
                "size": p.size,
                "status": p.status.value,
                "score": p.score,
                "soft_shortfall": p.soft_shortfall,
                "binding": "; ".join(p.binding),
                "conflict": "; ".join(p.result.conflict),
            }
            for p in self.points
        ]
        columns = ["size", "status", "score", "soft_shortfall", "binding", "conflict"]
        return pd.DataFrame(rows, columns=columns)

    def to_dict(self) -> dict[str, Any]:
        """The sweep as JSON-ready data (rosters included)."""
        return {
            "scenario": self.scenario.name,
            "smallest_feasible": self.smallest_feasible,
            "points": [
                {
                    "size": p.size,
                    "status": p.status.value,
                    "score": p.score,
                    "soft_shortfall": p.soft_shortfall,
                    "binding": p.binding,
                    "conflict": p.result.conflict,
                    "selected": sorted(p.result.selected),
                }
                for p in self.points
            ],
            "notes": self.notes,
            "stats": self.stats,
        }

    def to_json(self, path: str | Path | None = None, *, force: bool = False) -> str:
        """The sweep as JSON text; written to ``path`` (atomically) when one is given."""
        from composer.files import json_text

        return json_text(self.to_dict(), Path(path) if path is not None else None, force=force)

    def summary(self) -> str:
        """One line: the sizes swept and the smallest that keeps every rule."""
        sizes = [p.size for p in self.points]
        span = f"sizes {min(sizes)}-{max(sizes)}" if sizes else "no sizes"
        smallest = self.smallest_feasible
        found = (
            f"the smallest roster that keeps every hard rule has {smallest} members"
            if smallest is not None
            else "no swept size keeps every hard rule"
        )
        return f"{self.scenario.name}: {span}; {found}"

    def _repr_html_(self) -> str:
        parts = [f"<p><b>Size sweep</b> {html.escape(self.summary())}</p>"]
        parts += [f"<p><i>{html.escape(note)}</i></p>" for note in self.notes]
        return "".join(parts) + self.frame().to_html(index=False)

    def __repr__(self) -> str:
        return f"SizeSweep({len(self.points)} sizes, smallest_feasible={self.smallest_feasible})"


@dataclass(frozen=True)
class _Setup:
    pool: Pool
    scenario: Scenario
    options: SolveOptions


def _solve_size(setup: _Setup, size: int, previous: Any) -> SweepPoint:
    """The best roster of exactly ``size`` members."""
    rule = SizeRule(min=size, max=size)
    fixed = setup.scenario.model_copy(update={"size": rule})
    fixed._sha256 = ""  # the run record then fingerprints the scenario as solved, size included
    result = solve(setup.pool, fixed, setup.options)
    diagnose(result, setup.options.time_limit, advice=False)  # the conflict at this size
    report = result.report
    return SweepPoint(
        size=size,
        status=result.status,
        score=result.objective.get("score") if result.ok else None,
        soft_shortfall=report.soft_shortfall if report is not None else None,
        binding=binding_rules(result.scenario, report) if report is not None else [],
        result=result,
    )


def _solve_size_in_process(setup: _Setup, size: int, previous: Any) -> SweepPoint:
    point = _solve_size(setup, size, previous)
    point.result = replace(point.result, pool=Pool(pd.DataFrame()))
    return point


def _sizes(scenario: Scenario, pool: Pool, sizes: Any) -> list[int]:
    if sizes is None:
        low = scenario.size.min if scenario.size.min is not None else 1
        high = scenario.size.max if scenario.size.max is not None else len(pool)
        sizes = range(low, high + 1)
    try:
        chosen = sorted({int(s) for s in sizes})
    except (TypeError, ValueError):
        chosen = []
    if not chosen or chosen[0] < 0:
        raise FrontierError(
            "the size range is empty" if not chosen else "a size cannot be negative",
            [
                Problem(
                    f"sizes asked for: {sizes!r}",
                    fix="give whole numbers from low to high, e.g. --from 20 --to 60",
                )
            ],
            code="bad_sizes",
            exit_code=EXIT_BAD_INPUT,
        )
    return chosen


def size_sweep(
    pool: Pool | NominationsLike,
    scenario: ScenarioLike,
    sizes: Any = None,
    options: SolveOptions | None = None,
    progress: bool = True,
    *,
    processes: int | None = None,
) -> SizeSweep:
    """The best roster at every size in ``sizes`` (default: the scenario's size range).

    Each size replaces the scenario's size rule; ``options.time_limit`` applies to each size.
    ``processes`` (default: chosen from the time the first size took) solves sizes in
    parallel.  Ctrl-C returns the sizes finished so far.

    Example::

        sweep = composer.size_sweep(pool, "scenarios/wgig-2004.toml", range(20, 61))
        sweep.smallest_feasible, sweep.frame()
    """
    loaded_pool = pool if isinstance(pool, Pool) else load_nominations(pool)
    loaded = load_scenario(scenario)
    bound = bind(loaded, loaded_pool)
    chosen = _sizes(loaded, loaded_pool, sizes)
    setup = _Setup(loaded_pool, loaded, options or SolveOptions())
    sweep = SizeSweep([], bound, loaded_pool)
    bar = progress_bar(f"Sizes {chosen[0]}-{chosen[-1]}", len(chosen), progress)
    try:
        first = run_tasks(_solve_size, setup, chosen[:1], bar=bar)
        rest = chosen[1:]
        answers = list(first.answers)
        notes = first.notes
        if not first.interrupted and rest:
            done = first.answers[0]
            seconds = float(done.result.stats.get("seconds", 0.0)) if done else 0.0
            count = processes or choose_processes(len(rest), setup.options.workers, seconds)
            worker = _solve_size if count == 1 else _solve_size_in_process
            run = run_tasks(worker, setup, rest, processes=count, bar=bar)
            answers += run.answers
            notes = run.notes
            sweep.stats["processes"] = run.processes
    finally:
        bar.close()
    for answer in answers:
        if answer is not None:
            answer.result = replace(answer.result, pool=loaded_pool)
            sweep.points.append(answer)
    sweep.notes += notes
    sweep.stats["solves"] = len(sweep.points)
    return sweep

"""The rosters a lottery draws from, and the CP-SAT pricing that searches them.

A roster is *eligible* when it keeps every hard rule, misses the soft rules by no more than
the least possible shortfall, and (with a score column) scores at least the optimum minus the
merit band.  :class:`Space` holds that set as a CP-SAT model built once, on the pool sorted
by id, so the search never depends on the order of the file.  :meth:`Space.price` finds the
eligible roster of greatest total weight for a weight per nominee (the column-generation
pricing step) and returns, next to the roster, a proven upper bound on that greatest weight.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import Any

from ortools.sat.python import cp_model

from composer.engine.build import BuiltModel, build_model
from composer.engine.check import CheckReport, check, member_rows
from composer.engine.objective import merit_expression, penalty_expression, size_objective
from composer.engine.result import Status
from composer.engine.solve import SolveOptions, options_solver
from composer.engine.stages import solver_status
from composer.errors import ComposerError, Problem
from composer.inputs.nominations import Pool
from composer.numbers import exact_decimal
from composer.rules.bind import bind
from composer.rules.scenario import Scenario

#: Pricing weights are scaled so the largest is 2**36 before rounding down to integers.
WEIGHT_SCALE = 2**36


@dataclass(frozen=True)
class Band:
    """How far below the optimal score a roster may fall: points, or percent of the optimum."""

    amount: Fraction = Fraction(0)
    percent: bool = False

    @property
    def text(self) -> str:
        """The band as written: ``2%`` or ``3``."""
        number = float(self.amount)
        return f"{number:g}%" if self.percent else f"{number:g}"


def parse_band(value: object) -> Band:
    """``"2%"`` -> 2 percent of the optimum; ``3`` or ``"3"`` -> 3 points; None -> 0."""
    if value is None:
        return Band()
    if isinstance(value, Band):
        return value
    text = str(value).strip()
    percent = text.endswith("%")
    try:
        amount = Fraction(text.removesuffix("%").strip())
        summary = f"lottery: the merit band must be 0 or more, not {text}"
    except (ValueError, ZeroDivisionError):
        amount = Fraction(-1)
        text = text or "(empty)"
        summary = f"lottery: the merit band must be a number of points or a percent, not {text}"
    if amount < 0:
        raise ComposerError(
            summary,
            [
                Problem(
                    f"band {text}",
                    fix="give points (--band 3) or a percent of the best score (--band 2%)",
                    key="band",
                )
            ],
            code="bad_band",
        )
    return Band(amount, percent)


@dataclass
class Priced:
    """The outcome of one pricing solve."""

    roster: tuple[str, ...] | None  # best roster found (None: none found in time)
    value: float  # its true weight, summed in floating point from the unscaled weights
    bound: float  # no eligible roster weighs more than this (proven)
    proven: bool  # the solver proved its roster best for the scaled weights
    found: list[tuple[str, ...]] = field(default_factory=list)  # every roster met on the way


class _Collect(cp_model.CpSolverSolutionCallback):
    """Keeps every roster the search passes through (each may be a useful column)."""

    def __init__(self, x: dict[str, cp_model.IntVar], ids: list[str]) -> None:
        super().__init__()
        self._pairs = [(i, x[i]) for i in ids]
        self.rosters: list[tuple[str, ...]] = []

    def on_solution_callback(self) -> None:
        self.rosters.append(tuple(i for i, var in self._pairs if self.boolean_value(var)))


@dataclass(frozen=True)
class Verdict:
    """The independent checker on one roster: its report, its score, what is wrong."""

    report: CheckReport
    score: float | None
    problems: list[Problem]

    @property
    def ok(self) -> bool:
        """Whether the roster is eligible."""
        return not self.problems


@dataclass
class Space:
    """The eligible rosters of a lottery, as a CP-SAT model on the pool sorted by id."""

    pool: Pool
    scenario: Scenario  # bound to the pool
    built: BuiltModel
    ids: list[str]
    size_max: int
    soft_shortfall: int
    best_score: Fraction | None  # optimal score (None without a score column)
    score_floor: Fraction | None  # least score a roster may have
    band: Band
    notes: list[str] = field(default_factory=list)
    solves: int = 0
    seconds: float = 0.0
    checked: dict[tuple[str, ...], Verdict] = field(default_factory=dict)
    rows: dict[str, dict[str, Any]] | None = None  # the checker's rows, by id

    def verify(self, roster: tuple[str, ...]) -> Verdict:
        """The independent checker's verdict on a roster (never CP-SAT), kept for reuse.

        A roster is eligible when the checker finds every hard rule kept, a soft shortfall of
        at most the least one and, with a score column, a score at or above the band's floor.
        """
        known = self.checked.get(roster)
        if known is not None:
            return known
        if self.rows is None:  # every nominee's row, read once for all the rosters checked
            self.rows = member_rows(self.pool)
        report = check(self.pool, self.scenario, list(roster), rows=self.rows)
        column = self.scenario.objective.maximise
        score = None
        problems = [
            Problem(f"{r.name}: achieved {r.achieved}, bound {r.bound}") for r in report.failures
        ]
        if report.soft_shortfall > self.soft_shortfall:
            excess = f"soft shortfall {report.soft_shortfall} > {self.soft_shortfall}"
            problems.append(Problem(excess))
        if column:
            values = self.pool.table.loc[list(roster), column]
            exact = sum((Fraction(exact_decimal(v)) for v in values), Fraction(0))
            score = float(exact)
            if self.score_floor is not None and exact < self.score_floor:
                problems.append(Problem(f"score {score:g} below the band's floor"))
        verdict = Verdict(report, score, problems)
        self.checked[roster] = verdict
        return verdict

    def price(
        self, weights: dict[str, float], deadline: float, effort: float = 0.0, gap: float = 0.0
    ) -> Priced:
        """The eligible roster of greatest total weight (weights >= 0, by id).

        ``effort`` > 0 caps the search in CP-SAT's deterministic time units (the same
        answer on every run): a quick search for good rosters, not always a proof.
        ``gap`` > 0 lets the search stop once its roster is proven within ``gap`` (in the
        weights' units) of the best; ``bound`` is then still a proven upper bound.
        """
        positive = {i: w for i, w in weights.items() if w > 0}
        top = max(positive.values(), default=0.0)
        if top <= 0:
            roster = self.any_roster(deadline)
            return Priced(roster, 0.0, 0.0, roster is not None)
        factor = WEIGHT_SCALE / top
        scaled = {i: math.floor(w * factor) for i, w in positive.items()}
        x = self.built.x
        order = [i for i in self.ids if scaled.get(i, 0) > 0]
        self.built.model.maximize(
            cp_model.LinearExpr.weighted_sum([x[i] for i in order], [scaled[i] for i in order])
        )
        collect = _Collect(x, self.ids)
        solver, status = self._solve(deadline, collect, effort, gap * factor)
        if status not in (Status.OPTIMAL, Status.FEASIBLE):
            return Priced(None, 0.0, math.inf, False)
        roster = tuple(i for i in self.ids if solver.boolean_value(x[i]))
        value = math.fsum(positive.get(i, 0.0) for i in roster)
        # each scaled weight is below (w * factor) + 1, and a roster holds at most
        # min(size_max, len(order)) positive weights
        slack = min(self.size_max, len(order))
        bound = (math.floor(solver.best_objective_bound + 1e-6) + slack) / factor
        found = list(dict.fromkeys(collect.rosters))
        return Priced(roster, value, max(bound, value), status == Status.OPTIMAL, found)

    def any_roster(self, deadline: float) -> tuple[str, ...] | None:
        """Some eligible roster (None if none was found in time)."""
        self.built.model.clear_objective()  # type: ignore[no-untyped-call]
        solver, status = self._solve(deadline)
        if status not in (Status.OPTIMAL, Status.FEASIBLE):
            return None
        return tuple(i for i in self.ids if solver.boolean_value(self.built.x[i]))

    def _solve(
        self,
        deadline: float,
        callback: cp_model.CpSolverSolutionCallback | None = None,
        effort: float = 0.0,
        gap: float = 0.0,
    ) -> tuple[cp_model.CpSolver, Status]:
        solver = options_solver(SolveOptions(workers=1, seed=0), deadline - time.monotonic())
        if effort > 0:
            solver.parameters.max_deterministic_time = effort
        if gap > 0:
            solver.parameters.absolute_gap_limit = gap
        code = solver.solve(self.built.model, callback)
        self.solves += 1
        self.seconds += solver.wall_time
        return solver, solver_status(code)

    def score_of(self, roster: tuple[str, ...]) -> Fraction:
        """A roster's total score, exactly (0 without a score column)."""
        terms = self.built.terms
        return Fraction(sum(terms.merit[i] for i in roster), terms.scale)


def sorted_pool(pool: Pool) -> Pool:
    """The pool with its rows in id order (so nothing downstream depends on the file order)."""
    table = pool.table.sort_index(kind="stable")
    # every other field (declared values, aliases, warnings, headings) stays as read
    return replace(pool, table=table, row_of=dict(pool.row_of))


class NoRoster(Exception):
    """No eligible roster: the rules conflict (or the time limit came first)."""

    def __init__(self, status: Status) -> None:
        super().__init__(status.value)
        self.status = status


def _stage(
    built: BuiltModel, expr: cp_model.LinearExpr, deadline: float, minimise: bool
) -> tuple[int, bool]:
    """Optimise one expression; return its value and whether it was proven optimal."""
    model = built.model
    if minimise:
        model.minimize(expr)
    else:
        model.maximize(expr)
    solver = options_solver(SolveOptions(workers=1, seed=0), deadline - time.monotonic())
    status = solver_status(solver.solve(model))
    if status not in (Status.OPTIMAL, Status.FEASIBLE):
        raise NoRoster(status)
    return round(solver.objective_value), status == Status.OPTIMAL


def build_space(pool: Pool, scenario: Scenario, band: Band, deadline: float) -> Space:
    """Bind, build, and hold the soft shortfall at its least and the score within the band.

    Raises :class:`NoRoster` when no roster keeps the hard rules (or none was found in time).
    """
    bound = bind(scenario, pool)
    built = build_model(pool, bound, reduce=False)
    ids = [str(i) for i in pool.table.index if str(i) in built.x]  # ex officio sit anyway
    size_max = bound.size.max if bound.size.max is not None else len(ids)
    notes: list[str] = []
    shortfall = 0
    if built.ctx.penalties:
        penalty = penalty_expression(built.ctx)
        shortfall, proven = _stage(built, penalty, deadline, minimise=True)
        built.model.add(penalty <= shortfall).with_name("soft shortfall at its least")
        if not proven:
            notes.append(
                "the time limit came before the least soft shortfall was proven; the lottery "
                f"draws from rosters with a shortfall of at most {shortfall}"
            )
    size = size_objective(built.ctx)  # the fewest (or most) members, as solve decides
    if size is not None:
        name, expr = size
        most, proven = _stage(built, expr, deadline, minimise=False)
        built.model.add(expr >= most).with_name(name)
        if not proven:
            notes.append(f"the time limit came before the {name} was proven")
    best = floor = None
    terms = built.terms
    if bound.objective.maximise or bound.objective.seat_price is not None:
        # the members' merit, less the seats' price when there is one (holders of a role
        # outside the selection are not drawn: their merit is not in the band)
        merit = merit_expression(built.ctx, terms, holders_too=False)
        top, proven = _stage(built, merit, deadline, minimise=False)
        best = Fraction(top, terms.scale)
        width = band.amount * abs(best) / 100 if band.percent else band.amount
        floor = best - width
        built.model.add(merit >= math.ceil(floor * terms.scale)).with_name("merit band")
        if not proven:
            notes.append(
                "the time limit came before the best score was proven; the band is measured "
                f"from the best score found ({float(best):g})"
            )
    elif band.amount:
        notes.append(f"the scenario has no score column: the band {band.text} has no effect")
    built.model.clear_objective()  # type: ignore[no-untyped-call]
    return Space(pool, bound, built, ids, size_max, shortfall, best, floor, band, notes)

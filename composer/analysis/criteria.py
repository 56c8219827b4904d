"""Criteria a trade-off is measured in: parsed from text, evaluated on a roster, built in CP-SAT.

========================  ==========================================================  =========
text                      value of a roster                                           direction
========================  ==========================================================  =========
``size``                  the number of members                                       minimised
``score``                 total of the scenario's merit column (``objective.maximise``, maximised
                          else ``score``)
``share:COLUMN=VALUE``    the share of members with that value                        maximised
``coverage:min``          the fewest members holding any one coverage area            maximised
``coverage:total``        members holding each coverage area, summed over the areas   maximised
``shortfall``             total weighted shortfall of the soft rules                  minimised
``budget``                total of the budget column (``travel_cost`` without a rule) minimised
========================  ==========================================================  =========

A ``min:`` or ``max:`` prefix chooses the direction (``min:share:gender=male``); the soft-rule
shortfall can only be minimised.

Every value is an exact :class:`~fractions.Fraction`.  Sums (score, budget) are integers after
scaling by one power of ten, so "at least as good as ``e``" is ``E >= ceil(e * scale)`` (or
``E <= floor(e * scale)`` when minimised).

A share ``C / N`` (``C`` members with the value among ``N`` members) is compared with a fraction
``p / q`` by cross-multiplication, ``q * C >= p * N``, with no rounding.  Optimising a share (a
ratio, not a linear function) uses an integer *share level* ``r = floor(D * C / N)`` with
``D = M * (M - 1)``, ``M`` the largest possible roster: two different shares with denominators
at most ``M`` differ by at least ``1 / (M * (M - 1))``, so ``floor(D * share)`` is strictly
increasing in the share.  Maximising ``r`` therefore maximises the share exactly, and holding
``r >= r*`` holds the share at its best.  ``r`` is tied to ``C`` and ``N`` by one Boolean per
possible size ``n``: ``size == n  =>  n * r <= D * C`` (``ceil`` and ``>=`` for a minimised
share).  A share needs at least one member, so a share criterion adds ``size >= 1``.
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any, Literal

from ortools.sat.python import cp_model

from composer.engine.build import BuiltModel
from composer.engine.check import check
from composer.engine.objective import penalty_expression
from composer.engine.result import Status
from composer.engine.solve import SolveOptions, options_solver
from composer.engine.stages import solver_status
from composer.errors import EXIT_BAD_INPUT, FrontierError, Problem, ScenarioError, suggest
from composer.inputs.nominations import Pool
from composer.numbers import exact_decimal, scaled_all
from composer.rules.scenario import QuotaRule, Scenario

Direction = Literal["min", "max"]
Kind = Literal["size", "score", "share", "coverage:min", "coverage:total", "shortfall", "budget"]

#: The default direction of each kind of criterion.
DEFAULT_DIRECTION: dict[Kind, Direction] = {
    "size": "min",
    "score": "max",
    "share": "max",
    "coverage:min": "max",
    "coverage:total": "max",
    "shortfall": "min",
    "budget": "min",
}
_SIMPLE: tuple[Kind, ...] = (
    "size",
    "score",
    "coverage:min",
    "coverage:total",
    "shortfall",
    "budget",
)
EXAMPLES = "size, score, share:developing=yes, coverage:min, coverage:total, shortfall, budget"


def _bad(text: str, message: str, fix: str) -> FrontierError:
    return FrontierError(
        f"the criterion '{text}' cannot be used",
        [Problem(message, fix=fix, key=text)],
        code="bad_criterion",
        exit_code=EXIT_BAD_INPUT,
    )


@dataclass(frozen=True)
class Criterion:
    """One criterion, bound to a pool and a scenario (columns and values in the pool's spelling).

    Build one with :func:`parse_criterion`.
    """

    key: str  # the canonical text: "size", "share:developing=yes", "min:share:gender=male"
    kind: Kind
    direction: Direction
    column: str | None = None  # share, score and budget: the column read
    value: str | None = None  # share: the value counted
    areas: tuple[tuple[str, str], ...] = ()  # coverage: (column, area) pairs of the scenario

    @property
    def sign(self) -> int:
        """+1 when larger is better, -1 when smaller is better."""
        return 1 if self.direction == "max" else -1

    @property
    def label(self) -> str:
        """The criterion in words, for tables and chart axes ("Women (% of members)")."""
        from composer.rules.labels import VALUE_LABELS, column_label

        column = column_label(str(self.column)) if self.column else ""
        if self.kind == "share":
            value = str(self.value)
            if value == "yes":  # "Developing countries (% of members)"
                return f"{column} (% of members)"
            if value in VALUE_LABELS.get(str(self.column), {}):  # "Women (% of members)"
                return f"{VALUE_LABELS[str(self.column)][value]} (% of members)"
            return f"{column}: {value} (% of members)"
        words = {
            "size": "Members (roster size)",
            "score": f"Total {column.lower()}",
            "coverage:min": "Fewest members holding any one expertise area",
            "coverage:total": "Members holding each expertise area, summed",
            "shortfall": "Soft-rule shortfall (weighted seats)",
            "budget": f"Total {column.lower()}",
        }
        return words[self.kind]

    @property
    def goal(self) -> str:
        """'smaller is better' or 'larger is better'."""
        return "larger is better" if self.direction == "max" else "smaller is better"

    def better(self, a: Fraction, b: Fraction) -> bool:
        """Whether the value ``a`` is strictly better than ``b``."""
        return a > b if self.direction == "max" else a < b

    def at_least_as_good(self, a: Fraction, b: Fraction) -> bool:
        """Whether the value ``a`` is as good as ``b`` or better."""
        return a >= b if self.direction == "max" else a <= b

    def display(self, value: Fraction) -> float | int:
        """A value as a plain number: integers stay integers, shares are fractions 0-1."""
        return int(value) if value.denominator == 1 else float(value)

    def shown(self, value: Fraction) -> float | int:
        """A value as tables and charts show it: shares in per cent (two decimals)."""
        return round(float(value) * 100, 2) if self.kind == "share" else self.display(value)

    def evaluate(self, pool: Pool, scenario: Scenario, selected: Iterable[str]) -> Fraction:
        """The criterion's exact value on the roster ``selected`` (plain Python, no solver)."""
        chosen = list(selected)
        if self.kind == "size":
            return Fraction(len(chosen))
        if self.kind in ("score", "budget"):
            column = str(self.column)
            values: list[float | int | str] = list(pool.table.loc[chosen, column]) if chosen else []
            return Fraction(sum((exact_decimal(v) for v in values), Decimal(0)))
        if self.kind == "share":
            if not chosen:
                return Fraction(0)
            texts = pool.table.loc[chosen, str(self.column)].astype(str)
            return Fraction(int((texts == self.value).sum()), len(chosen))
        if self.kind == "shortfall":
            return Fraction(check(pool, scenario, chosen).soft_shortfall)
        counts = [
            sum(1 for i in chosen if area in pool.areas(column)[i]) for column, area in self.areas
        ]
        return Fraction(min(counts) if self.kind == "coverage:min" else sum(counts))

    def epsilons(self, worst: Fraction, best: Fraction, points: int, pool: Pool) -> list[Fraction]:
        """Up to ``points - 2`` bounds spread evenly strictly between two values, tightest first.

        Integer criteria round each bound to the next value they can take (so a range of no
        more than ``points`` values gives every value).
        """
        low, high, steps = self.sign * worst, self.sign * best, self.steps(pool)
        found: list[Fraction] = []
        for k in range(points - 2, 0, -1):
            goal = low + (high - low) * k / (points - 1)
            if self.kind != "share":
                goal = Fraction(math.ceil(goal * steps), steps)
            if low < goal < high and self.sign * goal not in found:
                found.append(self.sign * goal)
        return found

    def room_between(self, worse: Fraction, better: Fraction, pool: Pool, largest: int) -> bool:
        """Whether the criterion could take a value strictly between ``worse`` and ``better``.

        Integer criteria move in steps (1 member, 1 cent of score); shares are fractions
        ``c / n`` with ``n <= largest``.  Tells whether a front with gaps may miss a point.
        """
        low, high = sorted((worse, better))
        if high <= low:
            return False
        if self.kind != "share":
            steps = self.steps(pool)
            return math.floor(low * steps) + 1 < high * steps
        for n in range(1, largest + 1):
            c = math.floor(low * n) + 1
            if c <= n and Fraction(c, n) < high:
                return True
        return False

    def steps(self, pool: Pool) -> int:
        """The number of steps per unit in which the value can move (integer criteria)."""
        if self.kind in ("score", "budget"):
            return scaled_all(pool.table[str(self.column)].tolist())[1]
        return 1

    def build(self, built: BuiltModel) -> ModelTerm:
        """The criterion in the CP-SAT model of ``built`` (new variables and constraints)."""
        ctx = built.ctx
        if self.kind == "share":
            return _share_term(self, built)
        if self.kind == "size":
            expr: cp_model.LinearExpr = ctx.size
            scale = 1
        elif self.kind in ("score", "budget"):
            numbers, scale = scaled_all(ctx.pool.table[str(self.column)].tolist())
            by_id = dict(zip(ctx.pool.ids, numbers, strict=True))
            ids = list(ctx.x)
            expr = cp_model.LinearExpr.weighted_sum(
                [ctx.x[i] for i in ids], [by_id[i] for i in ids]
            )
        elif self.kind == "shortfall":
            expr, scale = penalty_expression(ctx), 1
        else:
            expr, scale = _coverage_expression(self, built), 1
        return LinearTerm(self, built.model, expr, scale)


def dominates(x: Criterion, y: Criterion, a: tuple[Fraction, Fraction], b: Any) -> bool:
    """Whether the (x, y) values ``a`` are at least as good as ``b`` on both and better on one."""
    both = x.at_least_as_good(a[0], b[0]) and y.at_least_as_good(a[1], b[1])
    return both and (x.better(a[0], b[0]) or y.better(a[1], b[1]))


# ---------------------------------------------------------------------------- model terms

#: Each stage's solver is set up exactly as ``composer.engine.solve`` sets up its own.
stage_solver = options_solver


@dataclass(frozen=True)
class Stage:
    """How optimising one criterion ended: status and relative gap (None if nothing found)."""

    status: Status
    gap: float | None = None


class ModelTerm(ABC):
    """A criterion inside one CP-SAT model: an objective to maximise and epsilon constraints."""

    criterion: Criterion
    model: cp_model.CpModel

    @property
    @abstractmethod
    def objective(self) -> cp_model.LinearExpr:
        """An integer expression to MAXIMISE (the direction applied); holding it at its best
        value holds the criterion at its best."""

    @abstractmethod
    def require(self, bound: Fraction, *, strict: bool = False) -> None:
        """Add: the criterion is at least as good as ``bound`` (strictly better if ``strict``)."""

    @abstractmethod
    def in_units(self, objective_value: float) -> float:
        """An objective value (or bound) in the criterion's units, for gaps."""

    def optimise(self, options: SolveOptions, seconds: float, x: dict[str, Any]) -> Stage:
        """Make the criterion as good as possible in ``seconds``, then hold it there.

        On success the model keeps ``objective >= value found`` and is hinted with the roster
        found (selection variables ``x``), so the next stage starts from it.
        """
        self.model.maximize(self.objective)
        solver = stage_solver(options, seconds)
        status = solver_status(solver.solve(self.model))
        if status not in (Status.OPTIMAL, Status.FEASIBLE):
            return Stage(status)
        found, bound = (
            self.in_units(solver.objective_value),
            self.in_units(solver.best_objective_bound),
        )
        name = f"{self.criterion.key} at its best"
        # held at the exact integer value of the roster found, never a float objective value
        self.model.add(self.objective >= int(solver.value(self.objective))).with_name(name)
        self.model.clear_hints()  # type: ignore[no-untyped-call]
        for var in x.values():
            self.model.add_hint(var, solver.boolean_value(var))
        return Stage(status, abs(bound - found) / max(abs(bound), 1e-9))


@dataclass
class LinearTerm(ModelTerm):
    """A criterion whose value is an integer expression divided by ``scale``."""

    criterion: Criterion
    model: cp_model.CpModel
    expr: cp_model.LinearExpr
    scale: int

    @property
    def objective(self) -> cp_model.LinearExpr:
        """``expr`` or ``-expr``, to maximise."""
        return self.expr if self.criterion.sign > 0 else -self.expr

    def require(self, bound: Fraction, *, strict: bool = False) -> None:
        """``expr >= ceil(bound * scale)`` (maximised) or ``<= floor(...)`` (minimised)."""
        scaled = bound * self.scale
        name = f"epsilon {self.criterion.key}"
        if self.criterion.sign > 0:
            limit = math.floor(scaled) + 1 if strict else math.ceil(scaled)
            self.model.add(self.expr >= limit).with_name(name)
        else:
            limit = math.ceil(scaled) - 1 if strict else math.floor(scaled)
            self.model.add(self.expr <= limit).with_name(name)

    def in_units(self, objective_value: float) -> float:
        """``sign * objective / scale``."""
        return self.criterion.sign * objective_value / self.scale


@dataclass
class ShareTerm(ModelTerm):
    """A share ``count / size``: exact cross-multiplied bounds and an integer share level."""

    criterion: Criterion
    model: cp_model.CpModel
    count: cp_model.IntVar
    size: cp_model.IntVar
    level: cp_model.IntVar  # floor (max) or ceil (min) of D * count / size
    resolution: int  # D

    @property
    def objective(self) -> cp_model.LinearExpr:
        """The share level, to maximise (negated when the share is minimised)."""
        return self.level if self.criterion.sign > 0 else -self.level

    def require(self, bound: Fraction, *, strict: bool = False) -> None:
        """``q * count >= p * size`` for ``bound = p / q`` (``+ 1`` if strict; mirrored for min)."""
        p, q = bound.numerator, bound.denominator
        name = f"epsilon {self.criterion.key}"
        if self.criterion.sign > 0:
            self.model.add(q * self.count >= p * self.size + int(strict)).with_name(name)
        else:
            self.model.add(q * self.count <= p * self.size - int(strict)).with_name(name)

    def in_units(self, objective_value: float) -> float:
        """The share a level stands for."""
        return self.criterion.sign * objective_value / self.resolution


def _share_term(criterion: Criterion, built: BuiltModel) -> ShareTerm:
    ctx, model = built.ctx, built.model
    scenario = ctx.scenario
    lowest = max(1, scenario.size.min or 0)
    largest = min(scenario.size.max if scenario.size.max is not None else len(ctx.x), len(ctx.x))
    size = ctx.size
    count = ctx.group_counter(str(criterion.column), criterion.value)
    model.add(size >= 1).with_name(f"{criterion.key}: at least one member")
    resolution = max(1, largest * (largest - 1))
    level = model.new_int_var(0, resolution, f"level {criterion.key}")
    if largest >= lowest:
        sizes = range(lowest, largest + 1)
        chosen = {n: model.new_bool_var(f"size is {n} ({criterion.key})") for n in sizes}
        model.add_exactly_one(chosen.values())
        model.add(size == sum(n * z for n, z in chosen.items()))
        for n, is_n in chosen.items():
            if criterion.sign > 0:
                model.add(n * level <= resolution * count).only_enforce_if(is_n)
            else:
                model.add(n * level >= resolution * count).only_enforce_if(is_n)
    return ShareTerm(criterion, model, count, size, level, resolution)


def _coverage_expression(criterion: Criterion, built: BuiltModel) -> cp_model.LinearExpr:
    ctx = built.ctx
    counts: list[cp_model.LinearExpr] = []
    for column, area in criterion.areas:
        holders = ctx.pool.areas(column)
        counts.append(ctx.count([i for i in ctx.x if area in holders[i]]))
    if criterion.kind == "coverage:total":
        return cp_model.LinearExpr.sum(counts)
    fewest = built.model.new_int_var(0, len(ctx.x), f"fewest {criterion.key}")
    built.model.add_min_equality(fewest, counts)
    return fewest


# ---------------------------------------------------------------------------- parsing


def parse_criterion(text: str, pool: Pool, scenario: Scenario) -> Criterion:
    """Read a criterion such as ``"share:developing=yes"`` for ``scenario`` (bound to ``pool``).

    Raises :class:`~composer.errors.FrontierError` (exit 2) naming the criterion, what is wrong
    and the nearest valid spelling.
    """
    raw = str(text).strip()
    body = raw.lower()
    direction: Direction | None = None
    for prefix in ("min:", "max:"):
        if body.startswith(prefix):
            direction = "min" if prefix == "min:" else "max"
            body, raw = body[len(prefix) :].strip(), raw[len(prefix) :].strip()
    if body.startswith("share:"):
        return _parse_share(raw, direction, pool, scenario)
    simple = {k: k for k in _SIMPLE} | {"merit": "score", "cost": "budget", "members": "size"}
    kind = simple.get(body)
    if kind is None:
        near = suggest(body, [*_SIMPLE, "share:"])
        fix = f"did you mean '{near}'?" if near else f"use one of: {EXAMPLES}"
        raise _bad(text, "composer does not know this criterion", fix)
    known: Kind = kind  # type: ignore[assignment]
    direction = direction or DEFAULT_DIRECTION[known]
    if known == "shortfall" and direction == "max":
        raise _bad(text, "the soft-rule shortfall can only be minimised", "write 'shortfall'")
    column: str | None = None
    areas: tuple[tuple[str, str], ...] = ()
    if known == "score":
        column = scenario.objective.maximise or "score"
    elif known == "budget":
        column = scenario.budgets[0].column if scenario.budgets else "travel_cost"
    elif known.startswith("coverage"):
        areas = tuple(
            dict.fromkeys((c.column, a) for c in scenario.coverage for a in c.areas).keys()
        )
        if not areas:
            raise _bad(
                text,
                "the scenario has no [[coverage]] rule, so there are no areas to count",
                "add a [[coverage]] rule naming the areas (min_each = 0 counts without a minimum)",
            )
    if column is not None and not pool.has_column(column):
        raise _bad(text, f"the nominations have no column '{column}'", "add the column")
    prefix = "" if direction == DEFAULT_DIRECTION[known] else f"{direction}:"
    return Criterion(f"{prefix}{known}", known, direction, column=column, areas=areas)


def _parse_share(
    raw: str, direction: Direction | None, pool: Pool, scenario: Scenario
) -> Criterion:
    spec = raw[len("share:") :]
    column, sep, value = spec.partition("=")
    column, value = column.strip(), value.strip()
    if not sep or not column or not value:
        raise _bad(
            raw,
            "a share names a column and a value",
            "write share:COLUMN=VALUE, e.g. share:developing=yes or share:gender=female",
        )
    # bind a throw-away quota on (column, value): the pool's spelling, or the binder's message
    probe = Scenario(quota=[QuotaRule(column=column, min={value: 0})])
    from composer.rules.bind import bind

    try:
        bound = bind(probe, pool)
    except ScenarioError as exc:
        problems = [Problem(p.message, fix=p.fix, key=raw) for p in exc.problems]
        raise FrontierError(
            f"the criterion '{raw}' cannot be used",
            problems,
            code="bad_criterion",
            exit_code=EXIT_BAD_INPUT,
        ) from None
    rule = bound.quota[0]
    spelled = next(iter(rule.min))
    direction = direction or "max"
    prefix = "" if direction == "max" else "min:"
    key = f"{prefix}share:{rule.column}={spelled}"
    return Criterion(key, "share", direction, column=rule.column, value=spelled)

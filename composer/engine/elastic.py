"""One model for many re-solves: every hard rule made elastic by a number of seats.

Each hard rule ``b`` gets an integer slack ``r_b`` in seats: a minimum is lowered by ``r_b``,
a maximum raised by ``r_b``, a share minimum lowered by ``r_b`` seats of the members counted
(``q * (have + r) >= p * counted``), a cap raised by ``r_b`` per value, a coverage depth lowered
by ``r_b``, a size bound moved by ``r_b``; a fixed member (include / exclude) is a 0/1 drop; a
budget moves by ``r_b`` units of the average cost of a nomination (each budget its own unit); a
renewal share moves like a share, and the term limit lets ``r_b`` members past it.  Soft rules
and the objective are those of :func:`composer.engine.build.build_model` (least soft shortfall,
most merit, the SHA-256 tie-break), so with every slack at 0 the optimum is the roster
``solve`` returns.

A re-solve changes only variable domains (slacks, nominees fixed in or out), so the model is
built once; clones of it solve in parallel threads, one CP-SAT worker each.  Every optimum is
unique (the tie-break), so the answers do not depend on the thread that found them.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Literal

from ortools.sat.python import cp_model

from composer.engine.build import BuiltModel, build_model
from composer.engine.check import CheckReport, RuleCheck, check
from composer.engine.elastic_rows import ElasticRows, set_domain
from composer.engine.objective import merit_expression, penalty_expression, size_objective
from composer.engine.result import Status
from composer.engine.stages import Level, add_level, solve_levels
from composer.engine.variables import ModelContext
from composer.errors import CheckFailedError, Problem
from composer.inputs.nominations import Pool
from composer.rules.ex_officio import uncounted
from composer.rules.role_search import assign
from composer.rules.role_steps import moved_role
from composer.rules.scenario import MembersRule, Scenario, SizeRule

Purpose = Literal["merit", "relax"]


@dataclass(frozen=True)
class Change:
    """A variant of the scenario: nominees fixed out or in, hard rules allowed to move.

    ``loosen`` maps a rule name to the most seats it may move; ``None`` lets it move as far as
    it takes (the rule is dropped).
    """

    out: tuple[str, ...] = ()
    into: tuple[str, ...] = ()
    loosen: tuple[tuple[str, int | None], ...] = ()


@dataclass(frozen=True)
class Outcome:
    """The optimum of one variant: its roster, merit, soft shortfall and the seats moved."""

    change: Change
    status: Status
    selected: tuple[str, ...] = ()
    merit: int = 0  # scaled merit (see MeritTerms.scale)
    shortfall: int = 0  # weighted soft shortfall
    moved: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        """Whether a roster was found."""
        return self.status in (Status.OPTIMAL, Status.FEASIBLE)


def _soft_only(scenario: Scenario) -> Scenario:
    """The scenario with its hard rules removed (they are added back elastic)."""
    return scenario.model_copy(
        update={
            "size": SizeRule(),
            "quota": [q for q in scenario.quota if q.soft],
            "cap": [],
            "coverage": [c for c in scenario.coverage if c.soft],
            "distinct": [d for d in scenario.distinct if d.soft],
            "equal": [e for e in scenario.equal if e.soft],
            "budget": None,
            # ex officio outside the selection stay outside it; the others are added back
            "members": MembersRule(ex_officio=sorted(uncounted(scenario))),
            "rotation": None,
            "together": [],
            "apart": [],
            "person": None,
            "role": [],
        }
    )


class ElasticModel:
    """The scenario's model with every hard rule elastic; solve variants of it by domain."""

    def __init__(self, pool: Pool, scenario: Scenario, *, purpose: Purpose = "merit") -> None:
        self.pool = pool
        self.scenario = scenario
        self.purpose: Purpose = purpose
        self.hard = [b for b in scenario.bounds() if not b.soft]
        self.by_name = {b.name: b for b in self.hard}
        self.built: BuiltModel = build_model(pool, _soft_only(scenario), reduce=False)
        self.ctx: ModelContext = self.built.ctx
        rows = ElasticRows(pool, scenario, self.ctx)
        for bound in self.hard:
            rows.add(bound)
        rows.soft_role_rules([b for b in scenario.bounds() if b.family == "role" and b.soft])
        rows.one_role_each()
        self.slack: dict[str, cp_model.IntVar] = rows.slack
        self.steps: dict[str, list[str]] = rows.steps  # a role's steps by one seat (relax)
        self.limit: dict[str, int] = rows.limit  # the most a rule can move
        self.units: dict[str, Fraction] = rows.units  # budgets: money per slack unit
        self._penalty = self.model.new_int_var(0, self._penalty_ceiling(), "weighted shortfall")
        self.model.add(self._penalty == penalty_expression(self.ctx))
        for name, var in self.slack.items():  # levels span every move a rule may make
            set_domain(self.model, var.index, 0, self.limit[name])
        self._stages = self._objective()
        for var in self.slack.values():
            set_domain(self.model, var.index, 0, 0)
        self._lock = threading.Lock()
        self._spare: list[cp_model.CpModel] = []

    @property
    def unit(self) -> Fraction:
        """Money per slack unit of the first budget (1 without a budget)."""
        return next(iter(self.units.values()), Fraction(1))

    @property
    def model(self) -> cp_model.CpModel:
        """The CP-SAT model (every slack fixed at 0 between solves)."""
        return self.built.model

    def _penalty_ceiling(self) -> int:
        # list(): the proto's repeated field does not take negative indices
        return sum(p.weight * int(list(p.shortfall.proto.domain)[-1]) for p in self.ctx.penalties)

    def _objective(self) -> list[Level]:
        """The objective levels: least movement for advice, else shortfall then merit."""
        if self.purpose == "relax":
            # least total movement, then fewest rules moved, then rules listed first
            count = len(self.slack)
            per_rule = count * (count + 1) // 2 + 1
            per_seat = (count + 1) * per_rule
            touched = []
            for position, (name, r) in enumerate(self.slack.items(), start=1):
                used = self.model.new_bool_var(f"moves {name}")
                self.model.add(r <= self.limit[name] * used)
                touched.append((used, per_rule + position))
            total = cp_model.LinearExpr.sum(list(self.slack.values()))
            moved = cp_model.LinearExpr.weighted_sum(
                [u for u, _ in touched], [w for _, w in touched]
            )
            return [add_level(self.model, "relax", -(per_seat * total + moved))]
        levels = []
        if self.ctx.penalties:
            levels.append(add_level(self.model, "shortfall", -1 * self._penalty))
        size = size_objective(self.ctx)
        if size is not None:
            levels.append(add_level(self.model, *size))
        merit = merit_expression(self.ctx, self.built.terms)
        levels.append(add_level(self.model, "merit", merit))
        return levels

    # ------------------------------------------------------------------ solving

    def hint(self, selected: Iterable[str]) -> None:
        """Start every solve from this roster."""
        chosen = set(selected)
        self.model.clear_hints()  # type: ignore[no-untyped-call]
        for ident, var in self.ctx.x.items():
            self.model.add_hint(var, ident in chosen)
        self._spare.clear()

    def solve(self, change: Change = Change(), time_limit: float = 30.0) -> Outcome:
        """The optimum of one variant."""
        return self._run(self.model, change, time_limit)

    def solve_many(
        self, changes: Sequence[Change], *, workers: int = 1, time_limit: float = 30.0
    ) -> list[Outcome]:
        """The optimum of every variant, solved in ``workers`` threads (results in order)."""
        if not changes:
            return []
        threads = max(1, min(workers, len(changes)))
        models = [self.model, *self._clones(threads - 1)]
        results: list[Outcome | None] = [None] * len(changes)
        jobs = iter(enumerate(changes))

        def work(model: cp_model.CpModel) -> None:
            while True:
                with self._lock:
                    job = next(jobs, None)
                if job is None:
                    return
                index, change = job
                results[index] = self._run(model, change, time_limit)

        with ThreadPoolExecutor(max_workers=threads) as pool:
            list(pool.map(work, models))
        return [r for r in results if r is not None]

    def _clones(self, count: int) -> list[cp_model.CpModel]:
        while len(self._spare) < count:
            self._spare.append(self.model.clone())
        return self._spare[:count]

    def _domains(self, change: Change) -> list[tuple[int, int, int]]:
        """(variable index, low, high) for every variable the change touches."""
        x, changed = self.ctx.x, []
        for ident in change.out:
            if ident in x:
                changed.append((x[ident].index, 0, 0))
        for ident in change.into:
            changed.append((x[ident].index, 1, 1))
        for name, most in change.loosen:
            limit = self.limit[name]
            changed.append((self.slack[name].index, 0, limit if most is None else min(most, limit)))
            if self.purpose == "relax":  # a role may move by a seat instead of being dropped
                changed += [(self.slack[step].index, 0, 1) for step in self.steps.get(name, [])]
        return changed

    def _run(self, model: cp_model.CpModel, change: Change, time_limit: float) -> Outcome:
        started = time.perf_counter()
        changed = self._domains(change)
        saved = [(i, *model.proto.variables[i].domain) for i, _, _ in changed]
        for index, low, high in changed:
            set_domain(model, index, low, high)
        try:
            return self._stages_on(model, change, time_limit, started)
        finally:
            for index, low, high in reversed(saved):
                set_domain(model, index, low, high)

    def _stages_on(
        self, model: cp_model.CpModel, change: Change, time_limit: float, started: float
    ) -> Outcome:
        if model is not self.model:  # a clone: the same variables by index
            levels = [
                Level(lv.name, _var(model, lv.var.index), lv.low, lv.high) for lv in self._stages
            ]
            x = {i: _var(model, v.index) for i, v in self.ctx.x.items()}
            slack = {n: _var(model, v.index) for n, v in self.slack.items()}
            penalty = _var(model, self._penalty.index)
        else:
            levels, x, slack, penalty = self._stages, self.ctx.x, self.slack, self._penalty
        order = self.built.terms.order if self.purpose == "merit" else None
        found = solve_levels(
            model,
            levels,
            x,
            order,
            deadline=time.monotonic() + time_limit,
            read={"penalty": penalty, **{f"slack {n}": r for n, r in slack.items()}},
        )
        if not found.ok:
            return Outcome(change, found.status, seconds=time.perf_counter() - started)
        selected = tuple(found.selected)
        moved = {n: found.values_of[f"slack {n}"] for n in slack if found.values_of[f"slack {n}"]}
        return Outcome(
            change,
            found.status,
            selected,
            sum(self.built.terms.merit[i] for i in selected),
            found.values_of["penalty"],
            moved,
            time.perf_counter() - started,
        )

    # ------------------------------------------------------------------ reading

    def score(self, merit: int) -> float:
        """Scaled merit back in the units of the score column."""
        return float(Fraction(merit, self.built.terms.scale))

    def excess(self, rule: RuleCheck) -> int:
        """How far a rule is broken, in this model's slack units (0 when it holds)."""
        bound = self.by_name.get(rule.name)
        if rule.met or bound is None:
            return 0
        if bound.family in ("cap", "person"):
            return int(rule.achieved) - int(bound.amount)
        if bound.family == "budget":
            over = Fraction(str(rule.achieved)) - Fraction(str(bound.amount))
            return math.ceil(over / self.units[bound.name])
        if bound.family in ("together", "role"):  # a drop, whatever the number of members off
            return 1
        return int(rule.shortfall)

    def role_steps(self, name: str, moved: dict[str, int]) -> list[str]:
        """The keys of the steps (``rules/role_steps.py``) role ``name`` took in ``moved``."""
        prefix = f"{name} ["
        return [s[len(prefix) : -1] for s in self.steps.get(name, []) if moved.get(s)]

    def _kept_roles_filled(self, selected: Sequence[str], moved: dict[str, int]) -> bool:
        """With some role dropped or moved by a step: whether the roles kept, as moved, can
        all be filled on ``selected`` (the checker's search, without the solver); False when
        no role moves."""
        roles = [b for b in self.hard if b.family == "role"]
        if not any(moved.get(b.name) or self.role_steps(b.name, moved) for b in roles):
            return False
        kept = [
            moved_role(self.scenario.role[b.rule], self.role_steps(b.name, moved))
            for b in roles
            if not moved.get(b.name)
        ]
        inner = [r for r in kept if r.counted]
        outer = [r for r in kept if not r.counted]  # held by nominees outside the body
        seated = set(selected) | uncounted(self.scenario)
        others = [str(i) for i in self.pool.table.index if str(i) not in seated]
        return (
            assign(_rows(self.pool, list(selected)), inner) is not None
            and assign(_rows(self.pool, others), outer) is not None
        )

    def verify(self, outcome: Outcome) -> CheckReport:
        """Check an outcome's roster independently: only loosened rules may break, and only
        by as many seats as they were allowed to move."""
        report = check(self.pool, self.scenario, outcome.selected)
        allowed = dict(outcome.change.loosen)
        problems = []
        held = self._kept_roles_filled(outcome.selected, outcome.moved)
        for rule in report.failures:
            if rule.family == "role" and not outcome.moved.get(rule.name):
                if not held:  # neither dropped nor filled, as moved by its steps
                    problems.append(Problem(f"{rule.name}: its holders cannot be found"))
                continue  # moved by a step, or failing beside a dropped role: the roles kept
                # fill together, as moved
            if rule.name not in allowed:
                problems.append(Problem(f"{rule.name}: achieved {rule.achieved}, {rule.bound}"))
                continue
            most = allowed[rule.name]
            if most is not None and self.excess(rule) > most:
                problems.append(Problem(f"{rule.name} moved {self.excess(rule)} > {most}"))
        for ident in outcome.change.out:
            if ident in outcome.selected:
                problems.append(Problem(f"{ident} was to be left out"))
        for ident in outcome.change.into:
            if ident not in outcome.selected:
                problems.append(Problem(f"{ident} was to be selected"))
        if problems:
            raise CheckFailedError(
                "a re-solve returned a roster that breaks the rules it had to keep (a bug in "
                "composer; please report it with the input files)",
                problems,
            )
        return report


def _var(model: cp_model.CpModel, index: int) -> cp_model.IntVar:
    """The variable at ``index`` of ``model`` (a clone has the same variables by index)."""
    return model.get_int_var_from_proto_index(index)


def _rows(pool: Pool, ids: list[str]) -> list[dict[str, Any]]:
    """The nominees ``ids`` as records with their id (for the holders' search)."""
    rows = pool.table.loc[ids]
    return [
        {"id": str(i), **{str(k): v for k, v in row.items()}}
        for i, row in zip(rows.index, rows.to_dict("records"), strict=True)
    ]

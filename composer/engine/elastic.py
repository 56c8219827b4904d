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

import itertools
import math
import threading
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Literal

import numpy as np
from ortools.sat.python import cp_model

from composer.engine.build import BuiltModel, build_model
from composer.engine.check import CheckReport, RuleCheck, check
from composer.engine.families.distinct import present_values
from composer.engine.families.equal import spread_rows, value_counts
from composer.engine.objective import merit_expression, penalty_expression, size_objective
from composer.engine.result import Status
from composer.engine.stages import Level, add_level, solve_levels
from composer.engine.variables import ModelContext
from composer.errors import CheckFailedError, Problem
from composer.inputs.nominations import Pool
from composer.numbers import scale_for, scaled
from composer.rules.ex_officio import uncounted
from composer.rules.persons import persons
from composer.rules.roles import assign
from composer.rules.rotation import new_members, terms_served
from composer.rules.rule_tables import MembersRule, SizeRule
from composer.rules.scenario import Bound, Scenario

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


def _set_domain(model: cp_model.CpModel, index: int, low: int, high: int) -> None:
    domain = model.proto.variables[index].domain
    domain[0] = low
    domain[1] = high


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
        self.slack: dict[str, cp_model.IntVar] = {}
        self.limit: dict[str, int] = {}  # the most a rule can move (then it no longer binds)
        self.units: dict[str, Fraction] = {}  # budgets: money per slack unit, by rule name
        self._holding: dict[str, list[cp_model.IntVar]] = {}  # role variables by member
        for bound in self.hard:
            self._add_elastic(bound)
        for ident, held in self._holding.items():  # a member holds one role at most
            if len(held) > 1:
                self.model.add(cp_model.LinearExpr.sum(held) <= 1).with_name(f"one role [{ident}]")
        self._penalty = self.model.new_int_var(0, self._penalty_ceiling(), "weighted shortfall")
        self.model.add(self._penalty == penalty_expression(self.ctx))
        for name, var in self.slack.items():  # levels span every move a rule may make
            _set_domain(self.model, var.index, 0, self.limit[name])
        self._stages = self._objective()
        for var in self.slack.values():
            _set_domain(self.model, var.index, 0, 0)
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

    # ------------------------------------------------------------------ building

    def _new_slack(self, bound: Bound, limit: int) -> cp_model.IntVar:
        var = self.model.new_int_var(0, max(0, limit), f"slack {bound.name}")
        _set_domain(self.model, var.index, 0, 0)
        self.slack[bound.name] = var
        self.limit[bound.name] = max(0, limit)
        return var

    def _add_elastic(self, bound: Bound) -> None:
        ctx, model, family = self.ctx, self.model, bound.family
        n = len(ctx.x)
        if family == "size":
            if bound.kind == "min":
                r = self._new_slack(bound, int(bound.amount))
                model.add(ctx.size + r >= int(bound.amount)).with_name(bound.name)
            else:
                r = self._new_slack(bound, n - int(bound.amount))
                model.add(ctx.size - r <= int(bound.amount)).with_name(bound.name)
        elif family == "quota":
            self._add_quota(bound)
        elif family == "cap":
            self._add_cap(bound)
        elif family == "coverage":
            areas = self.pool.areas(str(bound.column))
            holders = [i for i in ctx.x if bound.value in areas[i]]
            r = self._new_slack(bound, int(bound.amount))
            model.add(ctx.count(holders) + r >= int(bound.amount)).with_name(bound.name)
        elif family == "budget":
            self._add_budget(bound)
        elif family == "rotation":
            self._add_rotation(bound)
        elif family == "equal":
            counts = value_counts(ctx, bound)
            most = int(ctx.mask(None, None, bound.where).sum())
            r = self._new_slack(bound, most - int(bound.amount))
            for part, difference in spread_rows(counts, r):
                model.add(difference <= int(bound.amount)).with_name(f"{bound.name} [{part}]")
        elif family == "distinct":
            present = present_values(ctx, bound)
            r = self._new_slack(bound, int(bound.amount))
            model.add(cp_model.LinearExpr.sum(present) + r >= int(bound.amount)).with_name(
                bound.name
            )
        elif family in ("together", "apart"):
            self._add_group(bound)
        elif family == "person":
            self._add_person(bound)
        elif family == "role":
            self._add_role(bound)
        else:
            r = self._new_slack(bound, 1)
            x = ctx.x[str(bound.value)]
            if bound.kind == "include":
                model.add(x + r >= 1).with_name(bound.name)
            else:
                model.add(x - r <= 0).with_name(bound.name)

    def _add_quota(self, bound: Bound) -> None:
        ctx = self.ctx
        have = ctx.group_counter(str(bound.column), bound.values, bound.where)
        counted_most = int(ctx.mask(None, None, bound.where).sum())
        if bound.is_share:
            p, q = Fraction(bound.amount).as_integer_ratio()
            counted = ctx.group_counter(None, None, bound.where)
            r = self._new_slack(bound, counted_most)
            if bound.kind == "min_share":
                row = q * have + q * r >= p * counted
            else:
                row = q * have - q * r <= p * counted
        elif bound.kind == "min":
            r = self._new_slack(bound, int(bound.amount))
            row = have + r >= int(bound.amount)
        else:
            most = int(ctx.mask(str(bound.column), bound.values, bound.where).sum())
            r = self._new_slack(bound, most - int(bound.amount))
            row = have - r <= int(bound.amount)
        self.model.add(row).with_name(bound.name)

    def _add_rotation(self, bound: Bound) -> None:
        """Renewal shares (``q * (new + r) >= p * size``) and the term limit (``r`` allowed)."""
        ctx, column = self.ctx, str(bound.column)
        if bound.kind == "max_terms":
            mask = ctx.mask() & (terms_served(self.pool, column) >= int(bound.amount))
            r = self._new_slack(bound, int(mask.sum()))
            self.model.add(ctx.count_mask(mask) - r <= 0).with_name(bound.name)
            return
        new = ctx.counter(
            f"new members ({column} = no)", ctx.mask() & new_members(self.pool, column)
        )
        p, q = Fraction(bound.amount).as_integer_ratio()
        r = self._new_slack(bound, len(ctx.x))
        if bound.kind == "min_share":
            row = q * new + q * r >= p * ctx.size
        else:
            row = q * new - q * r <= p * ctx.size
        self.model.add(row).with_name(bound.name)

    def _add_group(self, bound: Bound) -> None:
        """Together: ``|x[a] - x[b]| <= r`` with ``r`` 0 or 1 (1 drops the rule); apart:
        ``count - r <= 1``."""
        ctx, ids = self.ctx, [i for i in bound.ids if i in self.ctx.x]
        if bound.kind == "apart":
            r = self._new_slack(bound, len(ids) - 1)
            self.model.add(ctx.count(ids) - r <= 1).with_name(bound.name)
            return
        r = self._new_slack(bound, 1)
        for first, second in itertools.pairwise(ids):
            self.model.add(ctx.x[first] - ctx.x[second] <= r).with_name(bound.name)
            self.model.add(ctx.x[second] - ctx.x[first] <= r).with_name(bound.name)

    def _add_role(self, bound: Bound) -> None:
        """A role with a 0/1 slack that drops it: its seats and quotas all move together."""
        ctx, role = self.ctx, self.scenario.role[bound.rule]
        r = self._new_slack(bound, 1)
        holders = {}
        for ident in ctx.ids_where("id", None, bound.where):
            var = self.model.new_bool_var(f"role {role.name}[{ident}]")
            self.model.add_implication(var, ctx.x[ident])
            holders[ident] = var
            self._holding.setdefault(ident, []).append(var)
        total = cp_model.LinearExpr.sum(list(holders.values()))
        self.model.add(total + role.seats * r >= role.seats).with_name(bound.name)
        self.model.add(total <= role.seats).with_name(bound.name)
        rows = self.pool.table
        for quota in role.quota:
            for kind, table in (("min", quota.min), ("max", quota.max)):
                for value, amount in table.items():
                    chosen = [
                        v for i, v in holders.items() if str(rows.at[i, quota.column]) == value
                    ]
                    count = cp_model.LinearExpr.sum(chosen)
                    if kind == "min":
                        self.model.add(count + amount * r >= amount).with_name(bound.name)
                    else:
                        self.model.add(count - role.seats * r <= amount).with_name(bound.name)

    def _add_person(self, bound: Bound) -> None:
        """Every person's rows: ``count - r <= 1``, one slack for all persons (like a cap)."""
        groups = sorted(persons(self.pool, str(bound.column)).items())
        r = self._new_slack(bound, max((len(ids) for _, ids in groups), default=1) - 1)
        for person, ids in groups:
            row = self.ctx.count(ids) - r <= 1
            self.model.add(row).with_name(f"{bound.name} [{person}]")

    def _add_cap(self, bound: Bound) -> None:
        ctx = self.ctx
        values = self.pool.text(str(bound.column))
        groups: dict[str, list[int]] = defaultdict(list)
        for position in np.flatnonzero(ctx.mask(None, None, bound.where)):
            groups[values[position]].append(int(position))
        largest = max((len(g) for g in groups.values()), default=0)
        r = self._new_slack(bound, largest - int(bound.amount))
        ids = self.pool.text("id")
        for value in sorted(groups):
            if len(groups[value]) > bound.amount:
                members = [str(ids[p]) for p in groups[value]]
                row = ctx.count(members) - r <= int(bound.amount)
                self.model.add(row).with_name(f"{bound.name} [{value}]")

    def _add_budget(self, bound: Bound) -> None:
        costs = self.ctx.pool.table[str(bound.column)]
        values = [costs[i] for i in self.ctx.x]
        exact = [Fraction(str(v)) for v in values]
        total = sum(exact, Fraction(0))
        unit = self.units[bound.name] = Fraction(max(1, math.ceil(total / max(1, len(exact)))))
        scale = scale_for([*values, bound.amount])
        over = max(Fraction(0), total - Fraction(str(bound.amount)))
        r = self._new_slack(bound, math.ceil(over / unit))
        ids = list(self.ctx.x)
        expr = cp_model.LinearExpr.weighted_sum(
            [self.ctx.x[i] for i in ids], [scaled(c, scale) for c in values]
        )
        step = int(unit) * scale
        self.model.add(expr - step * r <= scaled(bound.amount, scale)).with_name(bound.name)

    def _penalty_ceiling(self) -> int:
        # list(): the proto's repeated field does not take negative indices
        return sum(p.weight * int(list(p.shortfall.proto.domain)[-1]) for p in self.ctx.penalties)

    def _objective(self) -> list[Level]:
        """The objective levels: least movement for advice, else shortfall then merit."""
        if self.purpose == "relax":
            # least total movement, then fewest rules moved, then rules listed first
            count = len(self.hard)
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
        return changed

    def _run(self, model: cp_model.CpModel, change: Change, time_limit: float) -> Outcome:
        started = time.perf_counter()
        changed = self._domains(change)
        saved = [(i, *model.proto.variables[i].domain) for i, _, _ in changed]
        for index, low, high in changed:
            _set_domain(model, index, low, high)
        try:
            return self._stages_on(model, change, time_limit, started)
        finally:
            for index, low, high in reversed(saved):
                _set_domain(model, index, low, high)

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

    def _kept_roles_filled(self, selected: Sequence[str], allowed: dict[str, int | None]) -> bool:
        """With some role dropped: whether the roles kept can all be filled on ``selected``
        (the checker's search, without the solver); False when no role is dropped."""
        roles = [b for b in self.hard if b.family == "role"]
        kept = [self.scenario.role[b.rule] for b in roles if b.name not in allowed]
        if len(kept) == len(roles):
            return False
        rows = self.pool.table.loc[list(selected)]
        members = [
            {"id": str(i), **{str(k): v for k, v in row.items()}}
            for i, row in zip(rows.index, rows.to_dict("records"), strict=True)
        ]
        return assign(members, kept) is not None

    def verify(self, outcome: Outcome) -> CheckReport:
        """Check an outcome's roster independently: only loosened rules may break, and only
        by as many seats as they were allowed to move."""
        report = check(self.pool, self.scenario, outcome.selected)
        allowed = dict(outcome.change.loosen)
        problems = []
        held = self._kept_roles_filled(outcome.selected, allowed)
        for rule in report.failures:
            if rule.family == "role" and rule.name not in allowed and held:
                continue  # it fails only beside a dropped role: the kept roles fill together
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

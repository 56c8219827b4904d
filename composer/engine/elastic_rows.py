"""Every hard rule of a scenario written with a slack, for the elastic model.

Each rule's slack ``r`` is fixed at 0 until a question frees it (see the model's docstring for
what one unit of slack means per family).
"""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from fractions import Fraction

import numpy as np
from ortools.sat.python import cp_model

from composer.engine.families.distinct import present_values
from composer.engine.families.equal import spread_rows, value_counts
from composer.engine.variables import ModelContext
from composer.inputs.nominations import Pool
from composer.numbers import scale_for, scaled
from composer.rules.persons import persons
from composer.rules.rotation import new_members, terms_served
from composer.rules.scenario import Bound, Scenario


def set_domain(model: cp_model.CpModel, index: int, low: int, high: int) -> None:
    """Set the one interval of the variable at ``index`` (a clone has the same indices)."""
    domain = model.proto.variables[index].domain
    domain[0] = low
    domain[1] = high


class ElasticRows:
    """The rows of every hard rule with their slacks, added to ``ctx``'s model."""

    def __init__(self, pool: Pool, scenario: Scenario, ctx: ModelContext) -> None:
        self.pool = pool
        self.scenario = scenario
        self.ctx = ctx
        self.model = ctx.model
        self.slack: dict[str, cp_model.IntVar] = {}
        self.limit: dict[str, int] = {}  # the most a rule can move (then it no longer binds)
        self.units: dict[str, Fraction] = {}  # budgets: money per slack unit, by rule name
        self.holding: dict[str, list[cp_model.IntVar]] = {}  # role variables by member

    def one_role_each(self) -> None:
        """A member holds one role at most."""
        for ident, held in self.holding.items():
            if len(held) > 1:
                self.model.add(cp_model.LinearExpr.sum(held) <= 1).with_name(f"one role [{ident}]")

    def _new_slack(self, bound: Bound, limit: int) -> cp_model.IntVar:
        var = self.model.new_int_var(0, max(0, limit), f"slack {bound.name}")
        set_domain(self.model, var.index, 0, 0)
        self.slack[bound.name] = var
        self.limit[bound.name] = max(0, limit)
        return var

    def add(self, bound: Bound) -> None:
        """Write ``bound`` with its slack."""
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
            self.holding.setdefault(ident, []).append(var)
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

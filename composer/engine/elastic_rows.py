"""Every hard rule of a scenario written with a slack, for the elastic model.

Each rule's slack ``r`` is fixed at 0 until a question frees it (see the model's docstring for
what one unit of slack means per family).  The rules are read as their rows
(:mod:`composer.rules.families`); only ``distinct`` and ``role``, which need variables of
their own, are written here.
"""

from __future__ import annotations

from fractions import Fraction

from ortools.sat.python import cp_model

from composer.engine.families.distinct import present_values
from composer.engine.families.roles import add_soft_role_rule, role_distinct, role_rows
from composer.engine.variables import ModelContext
from composer.inputs.nominations import Pool
from composer.rules.families import rule_rows
from composer.rules.role_steps import RoleStep, role_steps
from composer.rules.scenario import Bound, Scenario


def step_name(bound: Bound, step: RoleStep) -> str:
    """The slack name of one step of a role: 'role co-chair [seats]'."""
    return f"{bound.name} [{step.key}]"


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
        self.holders: dict[int, dict[str, cp_model.IntVar]] = {}  # by role: id -> variable
        self.steps: dict[str, list[str]] = {}  # by role: the slack names of its steps

    def soft_role_rules(self, bounds: list[Bound]) -> None:
        """The soft rules among the roles' holders, over their variables, as in the solve."""
        for bound in bounds:
            role = self.scenario.role[bound.rule]
            add_soft_role_rule(self.ctx, bound, role, self.holders[bound.rule])

    def one_role_each(self) -> None:
        """A member holds one role at most."""
        for ident, held in self.holding.items():
            if len(held) > 1:
                self.model.add(cp_model.LinearExpr.sum(held) <= 1).with_name(f"one role [{ident}]")

    def _new_slack(self, bound: Bound | str, limit: int) -> cp_model.IntVar:
        name = bound if isinstance(bound, str) else bound.name
        var = self.model.new_int_var(0, max(0, limit), f"slack {name}")
        set_domain(self.model, var.index, 0, 0)
        self.slack[name] = var
        self.limit[name] = max(0, limit)
        return var

    def add(self, bound: Bound) -> None:
        """Write ``bound`` with its slack: its rows, or the variables of its own family."""
        ctx, model = self.ctx, self.model
        if bound.family == "distinct":
            present = present_values(ctx, bound)
            r = self._new_slack(bound, int(bound.amount))
            model.add(cp_model.LinearExpr.sum(present) + r >= int(bound.amount)).with_name(
                bound.name
            )
            return
        if bound.family == "role":
            self._add_role(bound)
            return
        rows = rule_rows(bound, ctx.space)
        if rows is None:
            raise AssertionError(f"no rows for the family {bound.family!r}")
        r = self._new_slack(bound, rows.limit)
        if rows.money is not None:
            self.units[bound.name] = rows.money
        for row in rows.rows:
            expr = ctx.row(row)
            if row.lower:
                model.add(expr + row.unit * r >= row.rhs).with_name(f"{bound.name}{row.part}")
            else:
                model.add(expr - row.unit * r <= row.rhs).with_name(f"{bound.name}{row.part}")

    def _add_role(self, bound: Bound) -> None:
        """A role with a 0/1 slack that drops it (its seats, quotas and caps all move
        together), after a 0/1 slack per step that moves it by one seat (made first, so the
        advice prefers a step to a drop that moves as many seats)."""
        ctx, role = self.ctx, self.scenario.role[bound.rule]
        steps = {s.key: self._new_slack(step_name(bound, s), 1) for s in role_steps(role)}
        self.steps[bound.name] = [step_name(bound, s) for s in role_steps(role)]
        r = self._new_slack(bound, 1)
        holders = {}
        for ident in ctx.ids_where("id", None, bound.where):
            var = self.model.new_bool_var(f"role {role.name}[{ident}]")
            self.model.add_implication(var, ctx.x[ident] if role.counted else ctx.x[ident].Not())
            holders[ident] = var
            self.holding.setdefault(ident, []).append(var)
        self.holders[bound.rule] = holders
        for row in role_rows(role, list(holders), self.pool.table, stepped=True):
            expr, big = row.expression(holders), row.loosening() + 1
            moved = [(k, steps[key]) for key, k in row.steps if key in steps]
            if moved:
                expr = expr + cp_model.LinearExpr.weighted_sum([v for _, v in moved],
                                                               [k for k, _ in moved])  # fmt: skip
            if row.lower:
                self.model.add(expr + big * r >= row.rhs).with_name(bound.name)
            else:
                self.model.add(expr - big * r <= row.rhs).with_name(bound.name)
        for count, least, _ in role_distinct(self.model, role, holders, self.pool.table):
            self.model.add(count + least * r >= least).with_name(bound.name)

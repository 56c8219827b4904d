"""Roles: ``y[r, i]`` (member ``i`` holds role ``r``), with ``y <= x``, ``sum_i y[r, i] ==
seats``, at most one role per member, and each role quota as a row over its ``y``."""

from __future__ import annotations

from ortools.sat.python import cp_model

from composer.engine.variables import ModelContext
from composer.rules.scenario import Bound
from composer.rules.where import where_items


def add_role_constraints(ctx: ModelContext, bounds: list[Bound]) -> None:
    """Every role's seats and quotas; the holders' variables are made here."""
    roles = ctx.scenario.role
    if not bounds:
        return
    rows = ctx.pool.table
    y: dict[int, dict[str, cp_model.IntVar]] = {}
    held: dict[str, list[cp_model.IntVar]] = {}
    for index, role in enumerate(roles):
        y[index] = {}
        for ident in ctx.ids_where("id", None, where_items(role.where)):
            var = ctx.model.new_bool_var(f"role {role.name}[{ident}]")
            ctx.model.add_implication(var, ctx.x[ident])
            y[index][ident] = var
            held.setdefault(ident, []).append(var)
    for ident, variables in held.items():
        if len(variables) > 1:
            ctx.model.add(cp_model.LinearExpr.sum(variables) <= 1).with_name(f"one role [{ident}]")
    for bound in bounds:  # one atom per role: seats and quotas switch together
        role, holders = roles[bound.rule], y[bound.rule]
        total = cp_model.LinearExpr.sum(list(holders.values()))
        ctx.add(bound, ctx.model.add(total == role.seats), " [seats]")
        for quota in role.quota:
            values = {i: str(rows.at[i, quota.column]) for i in holders}
            for kind, table in (("min", quota.min), ("max", quota.max)):
                for value, amount in table.items():
                    count = cp_model.LinearExpr.sum(
                        [v for i, v in holders.items() if values[i] == value]
                    )
                    row = count >= amount if kind == "min" else count <= amount
                    ctx.add(bound, ctx.model.add(row), f" [{quota.column} {value} {kind}]")

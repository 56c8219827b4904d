"""Coverage rules: each area of a multi-valued column held by at least ``min_each`` members."""

from __future__ import annotations

from ortools.sat.python import cp_model

from composer.engine.variables import ModelContext
from composer.rules.scenario import Bound


def add_coverage_constraints(ctx: ModelContext, bounds: list[Bound]) -> None:
    """``count(members holding area) (+ shortfall) >= min_each`` per area."""
    for bound in bounds:
        areas = ctx.pool.areas(str(bound.column))
        holders = [i for i in ctx.x if bound.value in areas[i]]
        have: cp_model.LinearExpr = ctx.count(holders)
        if bound.soft:
            have = have + ctx.shortfall(bound, int(bound.amount))
        ctx.add(bound, ctx.model.add(have >= int(bound.amount)))

"""Coverage rules: each area of a multi-valued column held by at least ``min_each`` members."""

from __future__ import annotations

from ortools.sat.python import cp_model

from composer.engine.variables import ModelContext
from composer.rules.scenario import Bound


def add_coverage_constraints(ctx: ModelContext, bounds: list[Bound]) -> None:
    """``count(members holding area) (+ shortfall) >= min_each`` per area."""
    holders_of: dict[str, dict[str, list[str]]] = {}  # column -> area -> ids, in model order
    for bound in bounds:
        column = str(bound.column)
        if column not in holders_of:
            areas, by_area = ctx.pool.areas(column), holders_of.setdefault(column, {})
            for ident in ctx.x:
                for area in dict.fromkeys(areas[ident]):  # an area listed twice counts once
                    by_area.setdefault(area, []).append(ident)
        holders = holders_of[column].get(str(bound.value), [])
        have: cp_model.LinearExpr = ctx.count(holders)
        if bound.soft:
            have = have + ctx.shortfall(bound, int(bound.amount))
        ctx.add(bound, ctx.model.add(have >= int(bound.amount)))

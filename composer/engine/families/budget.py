"""Budget rule: the members' total of a cost column stays within ``max`` (exact integers)."""

from __future__ import annotations

from composer.engine.variables import ModelContext
from composer.numbers import scale_for, scaled
from composer.rules.scenario import Bound


def add_budget_constraints(ctx: ModelContext, bounds: list[Bound]) -> None:
    """``sum(cost * x) <= max``, with costs and limit scaled to integers together."""
    for bound in bounds:
        costs = ctx.pool.table[str(bound.column)]
        values = [costs[i] for i in ctx.x]
        scale = scale_for([*values, bound.amount])
        expr = sum(scaled(c, scale) * ctx.x[i] for i, c in zip(ctx.x, values, strict=True))
        ctx.add(bound, ctx.model.add(expr <= scaled(bound.amount, scale)))

"""Size rules: the roster has between ``min`` and ``max`` members."""

from __future__ import annotations

from composer.engine.variables import ModelContext
from composer.rules.scenario import Bound


def add_size_constraints(ctx: ModelContext, bounds: list[Bound]) -> None:
    """``size >= min`` and ``size <= max``."""
    for bound in bounds:
        if bound.kind == "min":
            ctx.add(bound, ctx.model.add(ctx.size >= bound.amount))
        else:
            ctx.add(bound, ctx.model.add(ctx.size <= bound.amount))

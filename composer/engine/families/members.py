"""Member rules: nominees fixed in or out of the roster."""

from __future__ import annotations

from composer.engine.variables import ModelContext
from composer.rules.scenario import Bound


def add_member_constraints(ctx: ModelContext, bounds: list[Bound]) -> None:
    """``x[id] == 1`` for include, ``x[id] == 0`` for exclude."""
    for bound in bounds:
        ident = str(bound.value)
        if ident not in ctx.x:  # removed from the model as ineligible: only 'exclude' can be
            continue
        target = 1 if bound.kind == "include" else 0
        ctx.add(bound, ctx.model.add(ctx.x[ident] == target))

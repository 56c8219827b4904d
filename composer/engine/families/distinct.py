"""Distinct-value rules: at least ``min`` different values of a column among the members.

One Boolean ``y[v]`` per value ``v`` of the column among the eligible nominees (who match
``where``), equal to "some member has ``v``" (``y[v] = max(x[i] for i with v)``, exact both
ways); the rule is ``sum(y) (+ shortfall) >= min``.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
from ortools.sat.python import cp_model

from composer.engine.variables import ModelContext
from composer.rules.scenario import Bound


def present_values(ctx: ModelContext, bound: Bound) -> list[cp_model.IntVar]:
    """``y[v]``: whether some member matching the rule's ``where`` has value ``v``."""
    mask = ctx.mask(None, None, bound.where)
    values = ctx.pool.text(str(bound.column))
    ids = ctx.pool.text("id")
    groups: dict[str, list[str]] = defaultdict(list)
    for position in np.flatnonzero(mask):
        groups[str(values[position])].append(str(ids[position]))
    present = []
    for value in sorted(groups):
        y = ctx.model.new_bool_var(f"{bound.name} has {value}")
        ctx.model.add_max_equality(y, [ctx.x[i] for i in groups[value]]).with_name(
            f"{bound.name} [{value}]"
        )
        present.append(y)
    return present


def add_distinct_constraints(ctx: ModelContext, bounds: list[Bound]) -> None:
    """``sum(y[v]) (+ shortfall) >= min`` per rule."""
    for bound in bounds:
        present = present_values(ctx, bound)
        have: cp_model.LinearExpr = cp_model.LinearExpr.sum(present)
        if bound.soft:
            have = have + ctx.shortfall(bound, int(bound.amount))
        ctx.add(bound, ctx.model.add(have >= int(bound.amount)))

"""Cap rules: at most ``max_each`` members share any one value of a column."""

from __future__ import annotations

from collections import defaultdict

import numpy as np

from composer.engine.variables import ModelContext
from composer.rules.scenario import Bound


def add_cap_constraints(ctx: ModelContext, bounds: list[Bound]) -> None:
    """One constraint per value that has more eligible nominees than the cap allows."""
    for bound in bounds:
        mask = ctx.mask(None, None, bound.where)
        values = ctx.pool.text(str(bound.column))
        groups: dict[str, list[int]] = defaultdict(list)
        for position in np.flatnonzero(mask):
            groups[values[position]].append(int(position))
        for value in sorted(groups):
            positions = groups[value]
            if len(positions) > bound.amount:
                ids = [str(i) for i in ctx.pool.text("id")[positions]]
                ctx.add(bound, ctx.model.add(ctx.count(ids) <= bound.amount), f" [{value}]")

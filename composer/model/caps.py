"""Cap rules: at most ``max_each`` members share any one value of a column."""

from __future__ import annotations

from collections import defaultdict

from composer.model.variables import ModelContext
from composer.scenario import Bound


def add_cap_constraints(ctx: ModelContext, bounds: list[Bound]) -> None:
    """One constraint per value that has more eligible nominees than the cap allows."""
    for bound in bounds:
        groups: dict[str, list[str]] = defaultdict(list)
        column = ctx.pool.table[str(bound.column)].astype(str)
        for ident in ctx.ids_where(str(bound.column), None, bound.where):
            groups[column[ident]].append(ident)
        for value in sorted(groups):
            ids = groups[value]
            if len(ids) > bound.amount:
                ctx.add(bound, ctx.model.add(ctx.count(ids) <= bound.amount), f" [{value}]")
